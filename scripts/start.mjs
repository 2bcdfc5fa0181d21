// `npm start`: serves the demo — the whole product on the in-page memory transport — on
// loopback at PORT (default 5173) and prints its URL.
import { startDemoServer } from './demo-server.mjs';

const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? '127.0.0.1';
const server = await startDemoServer({ port, host, logLevel: 'info' });
console.log(`workspace-chat demo: ${server.url}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await server.close();
    process.exit(0);
  });
}
