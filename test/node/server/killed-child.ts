import { spawn } from 'node:child_process';

/** What a child hub acknowledged before it was killed, and whether the kill came (rather than its own exit). */
export interface KilledChild {
  acknowledged: string[];
  killed: boolean;
}

/**
 * Runs `script` (an ES module, run by tsx, with `args` as `process.argv[1…]`) that prints
 * `ack <text>` for each command its hub acknowledged, and kills it with SIGKILL — no chance
 * to flush or close — once `killNow` says so; `killNow` sees the acknowledgements so far
 * after each chunk of output.
 */
export function runUntilKilled(script: string, args: readonly string[], killNow: (acknowledged: readonly string[]) => boolean): Promise<KilledChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_TEST_CONTEXT: '' },
  });
  const acknowledged: string[] = [];
  let buffered = '';
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let end;
      while ((end = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
      }
      if (!child.killed && killNow(acknowledged)) child.kill('SIGKILL');
    });
    child.on('exit', () => resolve({ acknowledged, killed: child.killed }));
  });
}
