/**
 * Running an external tool (promtool, amtool, npm) under a deadline. It gets a process group of
 * its own, so that a timeout, a crash of llmops or the end of the run stops it with everything it
 * started (a wrapper script's children would otherwise outlive us, holding our pipes open).
 */
import { spawn } from "node:child_process";

export interface ExecResult {
  /** Exit status; null when a signal ended the tool. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The deadline passed and the tool's process group was killed. */
  timedOut: boolean;
}

export interface RunOptions {
  cwd?: string;
  timeoutMs: number;
}

/** After SIGTERM, how long the group has to exit before SIGKILL. */
const GRACE_MS = 500;
/** A tool that prints more than this is not answering our question; the rest is dropped. */
const MAX_OUTPUT = 8 * 1024 * 1024;

const live = new Set<number>();

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already empty.
  }
}

// Detached groups do not get the terminal's Ctrl-C, and survive our exit unless we end them.
function killAllLive(): void {
  for (const pgid of live) killGroup(pgid, "SIGKILL");
}
function onSignal(signal: NodeJS.Signals): void {
  killAllLive();
  process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
  process.kill(process.pid, signal);
}
function track(pgid: number): void {
  if (!live.size) process.on("exit", killAllLive).on("SIGINT", onSignal).on("SIGTERM", onSignal);
  live.add(pgid);
}
function untrack(pgid: number): void {
  live.delete(pgid);
  if (!live.size) process.off("exit", killAllLive).off("SIGINT", onSignal).off("SIGTERM", onSignal);
}

/**
 * Run a tool to completion or to its deadline; a non-zero exit is a result, not an error.
 * Rejects only when the tool cannot be started (the spawn error: ENOENT, EACCES, …).
 */
export function run(bin: string, args: string[], opts: RunOptions): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: opts.cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const out = { stdout: "", stderr: "" };
    const collect = (key: "stdout" | "stderr") => (d: Buffer) => {
      if (out[key].length < MAX_OUTPUT) out[key] += d.toString();
    };
    child.stdout.on("data", collect("stdout"));
    child.stderr.on("data", collect("stderr"));
    const pgid = child.pid;
    if (pgid !== undefined) track(pgid);
    let timedOut = false;
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const timers: NodeJS.Timeout[] = [];
    const end = () => {
      settled = true;
      timers.forEach(clearTimeout);
      if (pgid !== undefined) {
        killGroup(pgid, "SIGKILL");
        untrack(pgid);
      }
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const finish = () => {
      if (settled) return;
      end();
      resolve({ ...(exit ?? { code: null, signal: "SIGKILL" }), ...out, timedOut });
    };

    timers.push(
      setTimeout(() => {
        if (pgid === undefined) return;
        timedOut = exit === undefined;
        killGroup(pgid, "SIGTERM");
        timers.push(setTimeout(() => killGroup(pgid, "SIGKILL"), GRACE_MS));
        // A process that left the group may still hold our pipes; stop waiting for them.
        timers.push(setTimeout(finish, 2 * GRACE_MS));
      }, opts.timeoutMs),
    );
    child.on("error", (e) => {
      if (settled) return;
      end();
      reject(e);
    });
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      // Whatever the tool left running in its group (a backgrounded child) ends with it, which
      // also closes the pipes such a child inherited, so "close" follows once they are read.
      if (pgid !== undefined) killGroup(pgid, "SIGKILL");
    });
    child.on("close", finish);
  });
}

/** Map with at most `limit` promises in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
