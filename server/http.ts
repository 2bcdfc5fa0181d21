import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/**
 * An HTTP route the host adds (the demo pages, say). `path` is an exact pathname, or a
 * prefix when it ends with `/*` (`/demo/*` matches `/demo/a.js`). The handler must answer.
 */
export interface Route {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  path: string;
  handler: RouteHandler;
}

export type RouteHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => void | Promise<void>;

export function routeMatches(route: Route, method: string, pathname: string): boolean {
  const methodOk = route.method === method || (route.method === 'GET' && method === 'HEAD');
  if (!methodOk) return false;
  if (route.path.endsWith('/*')) return pathname.startsWith(route.path.slice(0, -1));
  return pathname === route.path;
}

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The Content-Security-Policy of every page the server hands out (static files and the demo
 * pages): scripts, styles and connections from this origin only (plus its own WebSocket),
 * no plugins, and `frame-ancestors 'self'`, so no other site can frame a signed-in desktop
 * to click-jack it. Inline styles are allowed because Lit falls back to <style> elements
 * where constructable style sheets are missing.
 */
export function contentSecurityPolicy(request: IncomingMessage): string {
  const host = request.headers.host;
  // Only a plain host[:port] is echoed into the policy; anything else gets 'self' alone.
  const socket = host && /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${socket}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** Headers for a page: the policy above and the base headers. */
export function pageHeaders(request: IncomingMessage): Record<string, string> {
  return { ...BASE_HEADERS, 'content-security-policy': contentSecurityPolicy(request) };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(response.req.method === 'HEAD' ? undefined : text);
}

export function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { error: { code, message } });
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves a GET/HEAD for a file under `root` (a directory answers its index.html). Answers
 * false when there is no such file, so the caller can 404. Paths cannot leave `root`.
 */
export function serveStatic(root: string, request: IncomingMessage, response: ServerResponse, url: URL): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return false;
  }
  if (pathname.includes('\0')) return false;
  // Dot-files and dot-folders (.data, .git, .env) are never pages, wherever the root is.
  if (pathname.split('/').some((segment) => segment.startsWith('.'))) return false;
  let base: string;
  try {
    base = realpathSync(resolve(root));
  } catch {
    return false;
  }
  let file = resolve(join(base, pathname));
  if (!inside(base, file)) return false;
  let stats;
  try {
    stats = statSync(file);
    if (stats.isDirectory()) {
      file = join(file, 'index.html');
      stats = statSync(file);
    }
    // A symbolic link anywhere on the way could lead out of the root: only the real path counts.
    const real = realpathSync(file);
    if (!inside(base, real)) return false;
    file = real;
  } catch {
    return false;
  }
  if (!stats.isFile()) return false;
  response.writeHead(200, {
    ...pageHeaders(request),
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': stats.size,
    'cache-control': 'no-cache',
  });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
  return true;
}

function inside(base: string, path: string): boolean {
  return path === base || path.startsWith(base + sep);
}
