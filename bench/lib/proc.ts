/**
 * Child processes of the benchmark: every part that is measured (the product, the emulator, a
 * bare comparison, a load generator) runs in its own Node process, spawned through tsx, and
 * talks to the runner over IPC. Peak RSS is read from /proc (VmHWM) while the child lives.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT_DIR = path.resolve(BENCH_DIR, '..');

export type Message = { type: string; [key: string]: unknown };

/**
 * The Node flags `npm start` runs the product with (package.json `scripts.start`, e.g.
 * `--max-old-space-size=256`): the product's children run with the same ones, the comparisons and
 * the emulator without.
 */
export function productNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.split(/\s+/);
  return words[0] === 'node' ? words.slice(1).filter((w, i, all) => w.startsWith('--') && w !== '--import' && all[i - 1] !== '--import') : [];
}

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** Resolves with the next message of this type (rejects when the child exits first or after timeoutMs). */
  next<T extends Message = Message>(type: string, timeoutMs?: number): Promise<T>;
  send(message: Message): void;
  /** Peak resident set size so far (bytes), from /proc/<pid>/status VmHWM; null when gone. */
  peakRss(): number | null;
  /** Current resident set size (bytes). */
  rss(): number | null;
  /** SIGKILL (kill -9) now. */
  kill9(): Promise<void>;
  /** Asks the child to stop (SIGTERM), then kills it after graceMs. */
  stop(graceMs?: number): Promise<void>;
  readonly exited: Promise<number | null>;
  /** Last lines of stderr (for error messages). */
  stderrTail(): string;
  /** Resolves with the first stdout match of `pattern` (stdout so far included). */
  stdoutMatch(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/** Spawns `file` (relative to the repository) with tsx and IPC. */
export function spawnChild(name: string, file: string, args: string[] = [], env: Record<string, string> = {}, nodeFlags: string[] = []): Child {
  const child = fork(path.resolve(ROOT_DIR, file), args, {
    cwd: ROOT_DIR,
    // BENCH_CPU_PROF_DIR: the measured children write CPU profiles there (bench/lib/profiler.ts).
    execArgv: [...nodeFlags, '--import', 'tsx'],
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start`);
  const pid = child.pid;
  const queue: Message[] = [];
  const waiters: { type: string; resolve: (m: Message) => void; reject: (e: Error) => void }[] = [];
  let stderr = '';
  let exitCode: number | null | undefined;
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  let stdout = '';
  const stdoutWaiters = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout = (stdout + chunk.toString('utf8')).slice(-20_000);
    for (const wake of stdoutWaiters) wake();
  });
  child.on('message', (raw) => {
    const message = raw as Message;
    const i = waiters.findIndex((w) => w.type === message.type);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(message);
    else queue.push(message);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      for (const w of waiters.splice(0)) w.reject(new Error(`${name} exited (${signal ?? code}) while waiting for "${w.type}": ${stderr.trim().slice(-1500)}`));
      resolve(exitCode);
    });
  });
  const status = (field: string): number | null => {
    try {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return match ? Number(match[1]) * 1024 : null;
    } catch {
      return null;
    }
  };
  const api: Child = {
    name,
    pid,
    process: child,
    exited,
    next<T extends Message>(type: string, timeoutMs = 120_000): Promise<T> {
      const i = queue.findIndex((m) => m.type === type);
      if (i >= 0) return Promise.resolve(queue.splice(i, 1)[0] as T);
      if (exitCode !== undefined) return Promise.reject(new Error(`${name} has exited: ${stderr.trim().slice(-1500)}`));
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          const j = waiters.findIndex((w) => w.resolve === done);
          if (j >= 0) waiters.splice(j, 1);
          reject(new Error(`${name}: no "${type}" within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (m: Message) => {
          clearTimeout(timer);
          resolve(m as T);
        };
        waiters.push({ type, resolve: done, reject: (e) => (clearTimeout(timer), reject(e)) });
      });
    },
    send(message) {
      if (child.connected) child.send(message);
    },
    peakRss: () => status('VmHWM'),
    rss: () => status('VmRSS'),
    async kill9() {
      if (exitCode === undefined) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 5000) {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    stderrTail: () => stderr.trim().slice(-1500),
    stdoutMatch(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (match) {
            cleanup();
            resolve(match);
          } else if (exitCode !== undefined) {
            cleanup();
            reject(new Error(`${name} exited before printing ${pattern}: ${stderr.trim().slice(-1500)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name}: no ${pattern} on stdout within ${timeoutMs} ms`));
        }, timeoutMs);
        const onExit = () => check();
        const cleanup = () => {
          clearTimeout(timer);
          stdoutWaiters.delete(check);
          child.off('exit', onExit);
        };
        stdoutWaiters.add(check);
        child.on('exit', onExit);
        check();
      });
    },
  };
  return api;
}

/** In a child: sends a message to the runner. */
export function report(message: Message): void {
  process.send?.(message);
}

/** In a child: the next message of this type from the runner. */
export function receive<T extends Message = Message>(type: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (raw: unknown) => {
      const message = raw as Message;
      if (message.type !== type) return;
      process.off('message', listener);
      resolve(message as T);
    };
    process.on('message', listener);
  });
}

/** In a child: exit when the runner goes away (no orphans), and on SIGTERM. */
export function exitWithParent(onStop?: () => Promise<void>): void {
  const stop = () => {
    const done = () => process.exit(0);
    if (onStop) void onStop().then(done, done);
    else done();
    setTimeout(done, 3000).unref();
  };
  process.on('disconnect', stop);
  process.once('SIGTERM', stop);
}

/** Sleeps (the runner waits on real time: these are measurements, not tests). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
