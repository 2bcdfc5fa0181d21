import type { ClientConfig, EngineConfig } from './types.js';

/** What the engine uses for every setting the host leaves out. */
export const DEFAULT_ENGINE_CONFIG: EngineConfig = deepFreeze({
  maxMessageLength: 4000,
  maxFieldLength: 1000,
  maxTranscriptEntries: 2000,
  maxTranscriptBytes: 256 * 1024,
  inviteTimeoutMs: 30_000,
  routingTimeoutMs: 120_000,
  afterCallWork: { mode: 'timed', durationMs: 10_000 },
  disposition: {
    codes: [
      { id: 'resolved', label: 'Resolved' },
      { id: 'escalated', label: 'Escalated' },
      { id: 'follow-up', label: 'Follow-up required' },
      { id: 'no-answer', label: 'No answer needed' },
    ],
    style: 'list',
    required: false,
  },
  inboundOrigin: 'Inbound chat',
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Merges the host's settings over the defaults (nested objects too) and checks them.
 * A bad setting is the host's programming error, not a user's input, so it throws at
 * construction instead of surfacing later as odd behaviour.
 */
export function resolveConfig(partial: Partial<EngineConfig> = {}): EngineConfig {
  if (partial === null || typeof partial !== 'object') throw invalid('config must be an object');
  const d = DEFAULT_ENGINE_CONFIG;
  const config: EngineConfig = {
    maxMessageLength: partial.maxMessageLength ?? d.maxMessageLength,
    maxFieldLength: partial.maxFieldLength ?? d.maxFieldLength,
    maxTranscriptEntries: partial.maxTranscriptEntries ?? d.maxTranscriptEntries,
    maxTranscriptBytes: partial.maxTranscriptBytes ?? d.maxTranscriptBytes,
    inviteTimeoutMs: partial.inviteTimeoutMs ?? d.inviteTimeoutMs,
    routingTimeoutMs: partial.routingTimeoutMs ?? d.routingTimeoutMs,
    afterCallWork: { ...d.afterCallWork, ...(partial.afterCallWork ?? {}) },
    disposition: {
      ...d.disposition,
      ...(partial.disposition ?? {}),
      codes: (partial.disposition?.codes ?? d.disposition.codes).map((c) => ({ ...c })),
    },
    inboundOrigin: partial.inboundOrigin ?? d.inboundOrigin,
  };
  positiveInteger(config.maxMessageLength, 'maxMessageLength');
  positiveInteger(config.maxFieldLength, 'maxFieldLength');
  positiveInteger(config.maxTranscriptEntries, 'maxTranscriptEntries');
  positiveInteger(config.maxTranscriptBytes, 'maxTranscriptBytes');
  positiveInteger(config.inviteTimeoutMs, 'inviteTimeoutMs');
  positiveInteger(config.routingTimeoutMs, 'routingTimeoutMs');
  if (!['none', 'manual', 'timed'].includes(config.afterCallWork.mode)) {
    throw invalid("afterCallWork.mode must be 'none', 'manual' or 'timed'");
  }
  if (!Number.isInteger(config.afterCallWork.durationMs) || config.afterCallWork.durationMs < 0) {
    throw invalid('afterCallWork.durationMs must be a non-negative integer');
  }
  if (!['list', 'radio'].includes(config.disposition.style)) throw invalid("disposition.style must be 'list' or 'radio'");
  if (typeof config.disposition.required !== 'boolean') throw invalid('disposition.required must be a boolean');
  const seen = new Set<string>();
  for (const code of config.disposition.codes) {
    if (!code || typeof code.id !== 'string' || code.id === '' || typeof code.label !== 'string' || code.label === '') {
      throw invalid('each disposition code needs a non-empty id and label');
    }
    if (seen.has(code.id)) throw invalid(`disposition code '${code.id}' appears twice`);
    seen.add(code.id);
  }
  if (config.disposition.required && config.disposition.codes.length === 0) {
    throw invalid('disposition.required needs at least one code');
  }
  if (typeof config.inboundOrigin !== 'string' || config.inboundOrigin.trim() === '') {
    throw invalid('inboundOrigin must be a non-empty string');
  }
  return config;
}

/** The part of the configuration a client renders from. */
export function clientConfigOf(config: EngineConfig): ClientConfig {
  return {
    maxMessageLength: config.maxMessageLength,
    maxFieldLength: config.maxFieldLength,
    inviteTimeoutMs: config.inviteTimeoutMs,
    afterCallWork: { ...config.afterCallWork },
    disposition: { ...config.disposition, codes: config.disposition.codes.map((c) => ({ ...c })) },
  };
}

function positiveInteger(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw invalid(`${name} must be a positive integer`);
  }
}

function invalid(detail: string): TypeError {
  return new TypeError(`Invalid engine configuration: ${detail}.`);
}
