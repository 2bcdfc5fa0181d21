import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import type { ChatServer } from './create-server.js';
import { pageHeaders, sendError } from './http.js';

export interface DemoPagesOptions {
  /** The folder of the pages (`index.html`, `side-by-side.html` and their TypeScript). */
  root: string;
  /** Rebuild a module when its file changes (default true: handy while developing; tests turn it off). */
  watch?: boolean;
  /** Vite's dependency cache; default `node_modules/.vite/pages-<root's folder name>`. */
  cacheDir?: string;
}

export interface DemoPages {
  close(): Promise<void>;
}

const repo = fileURLToPath(new URL('..', import.meta.url));

/**
 * What Vite may read and serve for the pages, beyond their own folder: the SDK's sources
 * and the dependencies. Nothing else of the checkout (no `.data`, no `.git`, no tests).
 */
export function pageFolders(root: string): string[] {
  return [resolve(root), join(repo, 'src'), join(repo, 'node_modules')];
}

/** Never served even inside an allowed folder: Vite's own defaults plus data and secrets. */
export const DENIED_FILES = ['.env', '.env.*', '*.{crt,pem,key}', '**/.git/**', '**/.data/**', '**/secret', '**/journal*'];

/**
 * Serves the demo pages from the chat server itself, TypeScript and all, through Vite in
 * middleware mode: one origin for the pages and the WebSocket (so the default Origin check
 * passes) and no build step. Vite is a development dependency, loaded only when called.
 */
export async function mountDemoPages(server: ChatServer, options: DemoPagesOptions): Promise<DemoPages> {
  const { createServer } = await import('vite');
  const vite = await createServer({
    root: options.root,
    configFile: false,
    appType: 'mpa',
    logLevel: 'warn',
    clearScreen: false,
    // A cache of its own: other Vite setups of this repository (benchmarks, Storybook) have
    // other settings, and sharing one cache would make each re-bundle after the other.
    cacheDir: options.cacheDir ?? join(repo, 'node_modules', '.vite', `pages-${basename(resolve(options.root))}`),
    server: {
      middlewareMode: true,
      // No hot reload: the chat server's own WebSocket is the only one on this port.
      hmr: false,
      ws: false,
      // The pages and nothing else: a strict file list, and no CORS (the pages are same-origin).
      fs: { strict: true, allow: pageFolders(options.root), deny: DENIED_FILES },
      cors: false,
      ...(options.watch === false ? { watch: null } : {}),
    },
    plugins: [withoutHotReloadClient()],
    optimizeDeps: { include: ['lit', 'rxjs', 'valibot', '@lit/context', '@lit/localize', '@lit-labs/virtualizer'] },
  });
  const handle = (request: IncomingMessage, response: ServerResponse) =>
    new Promise<void>((resolve) => {
      response.once('close', () => resolve());
      for (const [name, value] of Object.entries(pageHeaders(request))) response.setHeader(name, value);
      vite.middlewares(request, response, () => {
        sendError(response, 404, 'not-found', `Nothing at ${request.url ?? '/'}.`);
        resolve();
      });
    });
  // Tried after the server's own routes (/health, /api/…), so those keep answering.
  server.addRoute('GET', '/*', handle);
  return { close: () => vite.close() };
}

/**
 * Vite injects its hot-reload client into every page even with hot reload off; in
 * middleware mode that client would dial a WebSocket port nobody listens on, and fail
 * loudly in the console. The pages need nothing from it.
 */
function withoutHotReloadClient(): Plugin {
  return {
    name: 'workspace-chat:without-hot-reload-client',
    transformIndexHtml: {
      order: 'post',
      handler: (page) => page.replace(/<script type="module" src="[^"]*\/@vite\/client"><\/script>\s*/g, ''),
    },
  };
}
