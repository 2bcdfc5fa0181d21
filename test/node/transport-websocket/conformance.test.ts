import { describe, it } from 'node:test';
import { runConformance } from '../../../src/conformance/index.js';
import { createManualClock } from '../../../server/clock.js';
import { RealServer } from './real-server.js';

// The WebSocket transport against the reference server it was written for: every scenario,
// over real sockets, with the server's clock moved by hand for the time-out scenario.
await runConformance({
  name: 'WebSocket transport on the reference server',
  capabilities: ['queues', 'routing-points', 'consultation', 'time-out', 'resume'],
  describe,
  it,
  async createTransport() {
    const clock = createManualClock();
    const real = await RealServer.start({ clock });
    return {
      transportFor: () => real.transport({}, clock),
      async advance(ms) {
        clock.advance(ms);
      },
      cleanup: () => real.stop(),
    };
  },
});
