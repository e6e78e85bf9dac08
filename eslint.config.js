// Type-aware lint for the whole tree; tsc does the type-check itself (npm run lint runs both).
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';
import { LAYER_ELEMENTS, LAYER_RULES } from './layers.config.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'kiosk/ui/dist/**', '**/*.d.ts', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The layering (layers.config.js, docs/layers.md): a folder may import only the layers listed for it.
    files: ['**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': LAYER_ELEMENTS,
      'boundaries/include': ['**/*.{ts,tsx}'],
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.json'] } },
    },
    rules: {
      'boundaries/element-types': ['error', { default: 'disallow', rules: LAYER_RULES }],
      // Every source file belongs to a layer; a new top-level folder must be given its place first.
      'boundaries/no-unknown-files': 'error',
    },
  },
);
