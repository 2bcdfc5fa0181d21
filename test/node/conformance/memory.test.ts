import { describe, it } from 'node:test';
import { runConformance } from '../../../src/conformance/index.js';
import { memoryBackend } from './memory-backend.js';

// The memory transport must pass the suite it ships: every capability, virtual time.
await runConformance({
  name: 'memory transport',
  capabilities: ['queues', 'routing-points', 'consultation', 'time-out', 'resume'],
  describe,
  it,
  createTransport: memoryBackend(),
});
