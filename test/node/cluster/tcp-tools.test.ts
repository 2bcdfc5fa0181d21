import assert from 'node:assert/strict';
import { createConnection, createServer, type Server } from 'node:net';
import { describe, it } from 'node:test';
import { startBalancer, startFaultProxy } from './tcp-tools.js';

/** An echo server that prefixes each reply with its name. */
async function echo(name: string): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => socket.on('data', (chunk) => socket.write(`${name}:${chunk}`)).on('error', () => {}));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, server };
}

function ask(port: number, text: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to "${text}" on port ${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', (error) => (clearTimeout(timer), reject(error)));
    socket.once('connect', () => socket.write(text));
    socket.once('data', (chunk) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(chunk.toString());
    });
  });
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('test TCP tools', { timeout: 30_000 }, () => {
  it('the balancer spreads connections round robin and skips a backend that is down', async () => {
    const a = await echo('a');
    const b = await echo('b');
    const balancer = await startBalancer([a.port, b.port]);
    try {
      assert.deepEqual([await ask(balancer.port, 'x'), await ask(balancer.port, 'y')], ['a:x', 'b:y']);
      await closeServer(a.server);
      assert.deepEqual([await ask(balancer.port, '1'), await ask(balancer.port, '2')], ['b:1', 'b:2']);
      balancer.preferNext(b.port);
      assert.equal(await ask(balancer.port, 'p'), 'b:p');
    } finally {
      await balancer.close();
      await closeServer(b.server);
    }
  });

  it('the fault proxy passes, delays, blackholes and cuts', async () => {
    const target = await echo('t');
    const proxy = await startFaultProxy(target.port);
    try {
      assert.equal(await ask(proxy.port, 'hi'), 't:hi');
      proxy.delay(150);
      const started = Date.now();
      assert.equal(await ask(proxy.port, 'slow'), 't:slow');
      assert.ok(Date.now() - started >= 250, 'both directions are delayed');
      proxy.delay(0);
      proxy.mode('blackhole');
      await assert.rejects(ask(proxy.port, 'lost', 300), /no answer/);
      proxy.mode('pass');
      const open = createConnection({ host: '127.0.0.1', port: proxy.port });
      await new Promise((resolve) => open.once('connect', resolve));
      const closed = new Promise((resolve) => open.once('close', resolve));
      proxy.cut();
      await closed;
      assert.equal(await ask(proxy.port, 'back'), 't:back');
    } finally {
      await proxy.close();
      await closeServer(target.server);
    }
  });
});
