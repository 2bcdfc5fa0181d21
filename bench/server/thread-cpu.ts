import { readdirSync, readFileSync } from 'node:fs';

/**
 * This process's CPU split by thread, from Linux's /proc (undefined elsewhere): the main
 * thread's time in JavaScript and in the kernel (its system calls: socket reads and writes,
 * the journal), and the other threads' (V8's collector helpers, the libuv thread pool). The
 * relay and the chat server make the same system calls, so this split shows where the chat
 * server's extra CPU goes. Clock ticks of 10 ms: meaningful over seconds, not milliseconds.
 */
export interface ThreadCpu {
  mainUserMs: number;
  mainSystemMs: number;
  otherThreadsMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux.

export function threadCpu(): ThreadCpu | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const split: ThreadCpu = { mainUserMs: 0, mainSystemMs: 0, otherThreadsMs: 0 };
  for (const task of tasks) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    // Fields after the command name (which may hold spaces), which ends at the last ')': utime and stime are the 14th and 15th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]) * TICK_MS;
    const system = Number(fields[12]) * TICK_MS;
    if (Number(task) === process.pid) {
      split.mainUserMs += user;
      split.mainSystemMs += system;
    } else split.otherThreadsMs += user + system;
  }
  return split;
}

/** `after` minus `before`, field by field (undefined when either is). */
export function threadCpuSince(before: ThreadCpu | undefined, after: ThreadCpu | undefined): ThreadCpu | undefined {
  if (!before || !after) return undefined;
  return {
    mainUserMs: after.mainUserMs - before.mainUserMs,
    mainSystemMs: after.mainSystemMs - before.mainSystemMs,
    otherThreadsMs: after.otherThreadsMs - before.otherThreadsMs,
  };
}
