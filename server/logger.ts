/**
 * Structured logs: one JSON object per line. Entries name what happened (`event`) and carry
 * plain fields; never a token, secret or message text.
 */
export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  event: string;
  [field: string]: unknown;
}

export type Logger = (entry: LogEntry) => void;

/** JSON lines to a stream (stdout by default), each with an ISO `time`. */
export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  return (entry) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  };
}

/** Discards everything (tests). */
export const silentLogger: Logger = () => {};
