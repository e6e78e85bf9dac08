import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

/** The built screens (kiosk/ui/dist) as static files; any path that is not a file gets index.html (the screens route by hash). */
export function serveStaticFiles(staticDir: string | undefined) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    let path: string;
    try {
      path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    } catch {
      // `GET /%` and other broken escapes: a bad request, never a crash of the kiosk.
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request: the path is not valid percent-encoding.\n');
      return;
    }
    if (path.includes('\0')) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request.\n');
      return;
    }
    if (!staticDir || !existsSync(staticDir)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The screens are not built: run `npm run build:ui`.\n');
      return;
    }
    let file = normalize(join(staticDir, path));
    if (!file.startsWith(normalize(staticDir)) || !existsSync(file) || statSync(file).isDirectory()) file = join(staticDir, 'index.html');
    const stream = createReadStream(file);
    stream.once('error', () => {
      if (!res.headersSent) res.writeHead(404);
      res.end();
    });
    stream.once('open', () => {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      stream.pipe(res);
    });
  };
}
