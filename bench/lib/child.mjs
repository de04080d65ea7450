// Runner side of a child process: fork it, wait for its `{ ready }` message, call it over IPC, stop it.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('..', import.meta.url));

/** Forks `bench/<file>` (plain node, no tsx) and resolves with its ready message plus `call` and `stop`. */
export async function startChild(file, args = [], { readyTimeoutMs = 20_000 } = {}) {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every child there (for finding where time goes).
  const prof = process.env.BENCH_CPU_PROF;
  const execArgv = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  // BENCH_NODE_ARGS="--trace-gc ..." adds Node flags to every child (to see what its heap does).
  if (process.env.BENCH_NODE_ARGS) execArgv.push(...process.env.BENCH_NODE_ARGS.split(/\s+/).filter(Boolean));
  const child = fork(HERE + file, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let seq = 0;
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} not ready after ${readyTimeoutMs} ms`)), readyTimeoutMs);
    child.once('message', (message) => {
      clearTimeout(timer);
      if (message?.error) reject(new Error(`${file}: ${message.error}`));
      else resolve(message);
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
  });
  child.on('message', (message) => {
    const settle = pending.get(message?.reply);
    if (!settle) return;
    pending.delete(message.reply);
    settle(message);
  });
  return {
    ...ready,
    pid: child.pid,
    /** Runs the child's handler `cmd` and resolves with its result. */
    call(cmd, arg, timeoutMs = 120_000) {
      const id = ++seq;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${file}: ${cmd} timed out`)), timeoutMs);
        pending.set(id, (m) => {
          clearTimeout(timer);
          if (m.error) reject(new Error(`${file}: ${cmd}: ${m.error}`));
          else resolve(m.result);
        });
        child.send({ id, cmd, arg });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
