import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The kiosk runtime serves dist/ itself; `npm run dev:ui` proxies the ws channel to a running `npm start`.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/ws': { target: 'ws://127.0.0.1:8780', ws: true } } },
});
