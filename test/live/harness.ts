/**
 * Real processes for the live tests: free ports, bounded waits, and processes that are always
 * killed. Binaries come from the Debian packages; a missing one fails with how to install it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { listFiles } from "../../src/write/index.ts";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";

export function findBinary(env: string, names: string[], pkg: string): string {
  const fromEnv = process.env[env];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${env}=${fromEnv} does not exist`);
    return fromEnv;
  }
  for (const dir of (process.env.PATH ?? "").split(delimiter).concat(["/usr/bin", "/usr/local/bin"])) {
    for (const n of names) if (dir && existsSync(join(dir, n))) return join(dir, n);
  }
  throw new Error(`${names[0]} not found: install it with \`apt-get install -y ${pkg}\` (Debian/Ubuntu), or set ${env} to the binary`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Proc {
  name: string;
  child: ChildProcess;
  output(): string;
}

const running = new Set<Proc>();

export function start(name: string, bin: string, args: string[], cwd?: string): Proc {
  const child = spawn(bin, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const keep = (b: Buffer) => {
    out = (out + b.toString("utf8")).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const p = { name, child, output: () => out };
  running.add(p);
  return p;
}

export async function stop(p: Proc): Promise<void> {
  running.delete(p);
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => p.child.once("exit", () => resolve()));
  p.child.kill("SIGTERM");
  const timer = setTimeout(() => p.child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stop));
}

/** Polls `probe` until it returns a value; at most `attempts` tries and `timeoutMs` in all. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, opts: { timeoutMs: number; intervalMs?: number; attempts?: number }): Promise<T> {
  const interval = opts.intervalMs ?? 500;
  const attempts = opts.attempts ?? Math.ceil(opts.timeoutMs / interval) + 1;
  const deadline = Date.now() + opts.timeoutMs;
  let last = "";
  for (let i = 0; i < attempts && Date.now() <= deadline; i++) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${last})` : ""}`);
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/**
 * Prometheus 3 (prometheus and promtool 3.x), which the UTF-8 translation strategies need:
 * PROMETHEUS3 and PROMTOOL3, else .tools/prometheus3/ where scripts/ensure-tools.sh puts Debian
 * sid's. Absent, the test fails saying how to get it.
 */
export function findPrometheus3(): { prometheus: string; promtool: string } {
  const dir = join(import.meta.dirname, "../../.tools/prometheus3");
  const pick = (env: string, name: string) => {
    const p = process.env[env] || join(dir, name);
    if (!existsSync(p)) {
      throw new Error(`Prometheus 3's ${name} not found at ${p}: run \`sh scripts/ensure-tools.sh\` (it unpacks Debian sid's prometheus and promtool 3.5 into .tools/prometheus3/), or set ${env} to a ${name} 3.x`);
    }
    return p;
  };
  return { prometheus: pick("PROMETHEUS3", "prometheus"), promtool: pick("PROMTOOL3", "promtool") };
}

/**
 * A Grafana panel query as Prometheus receives it with every variable at All: matchers on a
 * variable (`label=~"$var"`, `"utf8.label"=~"${var}"`) become `=~".*"`, the interval macros
 * fixed durations, any other variable `.*`.
 */
export function substituteAll(expr: string): string {
  return expr
    .replace(/\$\{?__rate_interval\}?/g, "1m")
    .replace(/\$\{?__interval\}?/g, "15s")
    .replace(/\$\{?__range\}?/g, "5m")
    .replace(/([a-zA-Z_][a-zA-Z0-9_]*|"(?:[^"\\]|\\.)*")\s*(=~|=)\s*"\$\{?[a-zA-Z_][a-zA-Z0-9_]*(?::[a-z]+)?\}?"/g, '$1=~".*"')
    .replace(/\$\{[a-zA-Z_][a-zA-Z0-9_]*(?::[a-z]+)?\}|\$[a-zA-Z_][a-zA-Z0-9_]*|\[\[[a-zA-Z_][a-zA-Z0-9_]*\]\]/g, ".*");
}

type DashboardPanel = { title?: string; targets?: { expr?: string }[]; panels?: DashboardPanel[] };

/** Every query of every generated dashboard under `gen`, with its file and panel title. */
export function dashboardExprs(gen: string): { file: string; panel: string; expr: string }[] {
  const dir = join(gen, "grafana/dashboards");
  const out: { file: string; panel: string; expr: string }[] = [];
  for (const f of listFiles(dir).filter((x) => x.endsWith(".json"))) {
    const d = JSON.parse(readFileSync(join(dir, f), "utf8")) as { panels?: DashboardPanel[] };
    const walk = (ps: DashboardPanel[]) => {
      for (const p of ps) {
        for (const t of p.targets ?? []) if (t.expr) out.push({ file: f, panel: p.title ?? "", expr: t.expr });
        walk(p.panels ?? []);
      }
    };
    walk(d.panels ?? []);
  }
  return out;
}
