// Serves a folder of pages (default demo/) with Vite alone on loopback, without the chat
// server: enough for the benchmarks (root 'bench') and the side-by-side demo
// (demo/side-by-side.html, memory transport). `npm start` instead mounts demo/ into the
// chat server (server/pages.ts), so the sign-in pages have a server to talk to.
import { createServer } from 'vite';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
// As server/pages.ts: the pages' folder, the sources and the dependencies, nothing else.
const DENIED_FILES = ['.env', '.env.*', '*.{crt,pem,key}', '**/.git/**', '**/.data/**', '**/secret', '**/journal*'];

/** Starts the server; `port: 0` picks a free one. Resolves with its URL and a `close`. */
export async function startDemoServer({ port = 0, host = '127.0.0.1', root = 'demo', logLevel = 'warn' } = {}) {
  const rootDir = fileURLToPath(new URL(`../${root}/`, import.meta.url));
  const server = await createServer({
    root: rootDir,
    configFile: false,
    logLevel,
    clearScreen: false,
    server: {
      port,
      host,
      strictPort: port !== 0,
      fs: { strict: true, allow: [rootDir, join(repo, 'src'), join(repo, 'node_modules')], deny: DENIED_FILES },
      cors: false,
      hmr: false,
    },
    optimizeDeps: { include: ['lit', 'rxjs', 'valibot', '@lit/context', '@lit/localize', '@lit-labs/virtualizer'] },
  });
  await server.listen();
  const address = server.httpServer?.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return { url: `http://${host}:${actualPort}/`, close: () => server.close() };
}
