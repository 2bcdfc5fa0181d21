import type { ConformanceHarness } from '../../../src/conformance/index.js';
import { createMemoryContactCenter } from '../../../src/transport/memory/index.js';
import type { Transport } from '../../../src/transport/types.js';

/** A memory backend whose transports are passed through `wrap`, to model a vendor's bugs. */
export function memoryBackend(wrap: (transport: Transport, userId: string) => Transport = (t) => t) {
  return async (): Promise<ConformanceHarness> => {
    const center = createMemoryContactCenter({ clock: 'virtual' });
    return {
      transportFor: (userId) => wrap(center.transport(), userId),
      advance: (ms) => center.advance(ms),
      async cleanup() {
        center.dispose();
      },
    };
  };
}
