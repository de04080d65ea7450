import { type ChildProcess, spawn } from 'node:child_process';

/** A child process that printed its ready line. */
export interface Ready {
  /** The first capture group of the ready pattern (a URL). */
  match: string;
  output: () => string;
  /** SIGTERM, then SIGKILL after 2 s; resolves once it is gone. */
  stop(): Promise<void>;
}

/** Runs `node <args>` and waits (bounded) for a line of its stdout matching `ready`. */
export function spawnReady(args: string[], options: { cwd: string; env?: Record<string, string>; ready: RegExp; timeoutMs?: number }): Promise<Ready> {
  const child: ChildProcess = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      void stop();
      reject(new Error(`node ${args.join(' ')}: ${why}\n${output}`));
    };
    const timer = setTimeout(() => fail('not ready in time'), options.timeoutMs ?? 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = options.ready.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ match: match[1]!, output: () => output, stop });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(`exited with ${code}`);
    });
  });
}
