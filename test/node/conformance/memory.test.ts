import { describe, it } from 'node:test';
import { runConformance } from '../../../src/conformance/index.js';
import { createMemoryContactCenter } from '../../../src/transport/memory/index.js';

// The memory transport must pass the suite it ships: every capability, virtual time.
await runConformance({
  name: 'memory transport',
  capabilities: ['queues', 'routing-points', 'consultation', 'time-out', 'resume'],
  describe,
  it,
  async createTransport() {
    const center = createMemoryContactCenter({ clock: 'virtual' });
    return {
      transportFor: () => center.transport(),
      advance: (ms) => center.advance(ms),
      async cleanup() {
        center.dispose();
      },
    };
  },
});
