/** Running the CLI under a wall-time and memory bound, and fingerprints of folders. */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHILD = join(ROOT, "scripts", "fuzz-child.mjs");

export interface Run {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set in MiB: the larger of the sampled and the reported one. */
  rssMb: number;
  /** Killed by us: past the wall-time or memory bound. */
  timedOut: boolean;
  outOfMemory: boolean;
  pid: number;
}

export interface Limits {
  wallMs: number;
  rssMb: number;
}

export const LIMITS: Limits = { wallMs: 30_000, rssMb: 1024 };

const CAP = 1 << 20;

function vmRssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export interface Spawned {
  pid: number;
  done: Promise<Run>;
  kill: (signal?: NodeJS.Signals) => void;
}

/** Start `llmops <args>` in its own process group; `done` settles when it ends or is killed at a bound. */
export function start(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; limits?: Limits }): Spawned {
  const limits = opts.limits ?? LIMITS;
  const rusage = join(tmpdir(), `llmops-fuzz-rusage-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, FUZZ_RUSAGE_FILE: rusage };
  delete env.LLMOPS_DEBUG;
  const t0 = performance.now();
  const child = spawn(process.execPath, [CHILD, ...args], { cwd: opts.cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const pid = child.pid ?? -1;
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (b: Buffer) => { if (stdout.length < CAP) stdout += b.toString("utf8"); });
  child.stderr.on("data", (b: Buffer) => { if (stderr.length < CAP) stderr += b.toString("utf8"); });
  let peak = 0;
  let timedOut = false;
  let outOfMemory = false;
  const killGroup = (signal: NodeJS.Signals = "SIGKILL") => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  const sampler = setInterval(() => {
    peak = Math.max(peak, vmRssMb(pid));
    if (peak > limits.rssMb) {
      outOfMemory = true;
      killGroup();
    }
  }, 50);
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, limits.wallMs);
  const done = new Promise<Run>((resolve) => {
    child.on("close", (code, signal) => {
      clearInterval(sampler);
      clearTimeout(timer);
      // Whatever the CLI left running in its group (a tool it spawned) goes with it.
      killGroup();
      let reported = 0;
      if (existsSync(rusage)) {
        reported = Number(readFileSync(rusage, "utf8")) / 1024;
        rmSync(rusage, { force: true });
      }
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - t0), rssMb: Math.round(Math.max(peak, reported)), timedOut, outOfMemory, pid });
    });
  });
  return { pid, done, kill: (signal = "SIGKILL") => killGroup(signal) };
}

export function runCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; limits?: Limits }): Promise<Run> {
  return start(args, opts).done;
}

/** Every entry below `dir` (symlinks not followed): type, mode, size, inode, mtime and content hash. */
export function treeState(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      const r = rel + name;
      const st = lstatSync(p, { bigint: true });
      const meta = `${st.mode}:${st.ino}:${st.mtimeNs}`;
      if (st.isDirectory()) {
        out.set(r + "/", `dir:${meta}`);
        walk(p, r + "/");
      } else if (st.isSymbolicLink()) out.set(r, `link:${readlinkSync(p)}:${meta}`);
      else if (st.isFile()) out.set(r, `file:${st.size}:${meta}:${createHash("sha256").update(readFileSync(p)).digest("hex")}`);
      else out.set(r, `special:${meta}`);
    }
  };
  if (existsSync(dir)) walk(dir, "");
  return out;
}

/** Paths and contents only: two trees with the same files are equal however they were written. */
export function contentState(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [p, s] of treeState(dir)) {
    if (s.startsWith("dir:")) continue;
    out.set(p, s.startsWith("file:") ? s.slice(s.lastIndexOf(":") + 1) : s.split(":").slice(0, 2).join(":"));
  }
  return out;
}

/** What differs between two fingerprints, as a few readable lines. */
export function treeDiff(a: Map<string, string>, b: Map<string, string>, max = 5): string[] {
  const out: string[] = [];
  for (const [p, s] of a) if (!b.has(p)) out.push(`- ${p}`);
  else if (b.get(p) !== s) out.push(`~ ${p}`);
  for (const p of b.keys()) if (!a.has(p)) out.push(`+ ${p}`);
  return out.length > max ? [...out.slice(0, max), `… ${out.length - max} more`] : out;
}

export function sameTree(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([p, s]) => b.get(p) === s);
}

/** Staging trees and locks generate leaves beside an output folder named `base`. */
export function leftovers(parent: string, base: string): string[] {
  if (!existsSync(parent)) return [];
  const esc = base.replace(/[.*+?^$(){}|[\]\\]/g, "\\$&");
  const re = new RegExp(`^\\.${esc}\\.(next-|prev-|llmops\\.lock)`);
  return readdirSync(parent).filter((n) => re.test(n));
}

/** A stack trace or bundle source in what a user sees. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .*(\(.*:\d+:\d+\)|:\d+:\d+)$/m.test(text) || text.includes("dist/llmops.cjs") || /node:internal\//.test(text);
}
