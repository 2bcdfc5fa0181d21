import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const checkout = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

/** A GET with the path sent exactly as written (fetch would normalise `..` away). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('npm start serves the demo pages and nothing else', () => {
  let child: ChildProcess;
  let port = 0;
  let output = '';
  const cache = mkdtempSync(join(tmpdir(), 'wc-cache-'));
  const decoyDir = join(checkout, '.data');
  const madeDecoyDir = !existsSync(decoyDir);
  const decoy = join(decoyDir, `decoy-secret-${process.pid}`);

  before(async () => {
    mkdirSync(decoyDir, { recursive: true });
    writeFileSync(decoy, 'must never be served\n');
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cache, PORT: '0', HOST: '127.0.0.1' };
    delete env.DATA_DIR;
    delete env.WORKSPACE_CHAT_SECRET;
    delete env.DEMO_PAGES;
    child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: checkout, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 60_000;
    while (!/workspace-chat demo: sign in at http:\/\/127\.0\.0\.1:(\d+)/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    port = Number(/sign in at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)![1]);
  });

  after(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(decoy, { force: true });
    if (madeDecoyDir) rmSync(decoyDir, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  it('keeps its data directory in the user cache folder, outside the served checkout', () => {
    const line = output.split('\n').find((l) => l.includes('"secret-generated"') || l.includes('"secret-from-data-dir"'));
    assert.ok(line, output);
    const file = (JSON.parse(line) as { file: string }).file;
    assert.ok(file.startsWith(join(cache, 'workspace-chat') + '/'), file);
    assert.ok(!file.startsWith(checkout + '/'), 'not inside the checkout');
  });

  it('serves the pages and the modules they load', async () => {
    const page = await get(port, '/');
    assert.equal(page.status, 200);
    assert.match(page.body, /<script type="module"/);
    const module = await get(port, '/network.ts');
    assert.equal(module.status, 200);
    const sdk = /from "(\/@fs\/[^"]+\/src\/[^"]+)"/.exec(module.body)?.[1];
    assert.ok(sdk, 'the page imports the SDK sources');
    assert.equal((await get(port, sdk)).status, 200);
  });

  it('answers no data, secret or other file of the checkout, however the path is spelled', async () => {
    const line = output.split('\n').find((l) => l.includes('"secret-generated"'))!;
    const secret = (JSON.parse(line) as { file: string }).file;
    for (const path of [
      `/@fs${checkout}/.data/${decoy.split('/').pop()}`,
      `/../.data/${decoy.split('/').pop()}`,
      `/%2e%2e/.data/${decoy.split('/').pop()}`,
      `/..%2f.data/${decoy.split('/').pop()}`,
      `/@fs${secret}`,
      `/@fs${checkout}/package.json`,
      `/@fs${checkout}/server/main.ts`,
      '/../package.json',
      '/%2e%2e/package.json',
      '/@fs/etc/passwd',
    ]) {
      const answer = await get(port, path);
      assert.notEqual(answer.status, 200, path);
      assert.ok(!answer.body.includes('must never be served'), path);
      assert.ok(!answer.body.includes('"name": "workspace-chat"'), path);
    }
  });

  it('grants no CORS, and its pages carry a Content-Security-Policy with frame-ancestors', async () => {
    for (const path of ['/', '/network.ts', '/api/demo-users', '/side-by-side.html']) {
      const answer = await get(port, path, { origin: 'http://localhost:3000' });
      assert.equal(answer.status, 200, path);
      assert.equal(answer.headers['access-control-allow-origin'], undefined, path);
    }
    const preflight = await new Promise<number | undefined>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/network.ts', method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'GET' } }, (response) => {
        resolve(response.headers['access-control-allow-origin'] === undefined ? response.statusCode : -1);
        response.resume();
      });
      req.on('error', reject);
      req.end();
    });
    assert.notEqual(preflight, -1, 'no CORS preflight grant');
    for (const path of ['/', '/side-by-side.html', '/?user=kate']) {
      const policy = String((await get(port, path)).headers['content-security-policy'] ?? '');
      assert.match(policy, /frame-ancestors 'self'/, path);
      assert.match(policy, /script-src 'self'(;|$)/, path);
    }
  });
});
