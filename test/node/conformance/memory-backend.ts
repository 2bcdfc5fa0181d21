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

/** The transport's methods bound to it, so a wrapper can replace some of them. */
export function bind(transport: Transport): Transport {
  return {
    connection$: transport.connection$,
    events$: transport.events$,
    connect: (options) => transport.connect(options),
    send: (command) => transport.send(command),
    disconnect: () => transport.disconnect(),
    presence$: transport.presence$,
    searchDirectory: (query) => transport.searchDirectory(query),
    watchTargets: (ids) => transport.watchTargets(ids),
  };
}
