// A plain static server for the built site, as an intranet web server would host it: dist/ is
// served at "/" and again under the sub-path "/tools/preflight/". Loopback only.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'dist');
const port = Number(process.argv[3] ?? 4173);
// Under /site/<name>/ the same dist, with fixtures/site-<name>/ laid over it: an intranet
// installation that publishes site data in org/ beside the page.
const fixtures = resolve(new URL('fixtures', import.meta.url).pathname);
const prefixes = ['/tools/preflight/', '/site/good/', '/site/bad/', '/'];
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

createServer(async (request, response) => {
  const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
  const prefix = prefixes.find((p) => path.startsWith(p));
  let relative = normalize(path.slice(prefix.length));
  if (relative === '.' || relative.endsWith('/')) relative = join(relative, 'index.html');
  if (relative.startsWith('..')) {
    response.writeHead(403).end();
    return;
  }
  const overlay = prefix.startsWith('/site/') ? join(fixtures, `site-${prefix.split('/')[2]}`) : null;
  try {
    // The overlay's files win: the licence manager replaces the empty org/ file dist ships.
    const body = overlay
      ? await readFile(join(overlay, relative)).catch(() => readFile(join(root, relative)))
      : await readFile(join(root, relative));
    response.writeHead(200, { 'content-type': types[extname(relative)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}/`));
