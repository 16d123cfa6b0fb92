/**
 * `npm run bench`: synthetic projects of 10 … 10,000 SLOs; wall time and peak memory of
 * `llmops generate` (into an empty folder, then `--check` against what it wrote) and
 * `llmops validate`, each in its own process, as a user runs them: through the bundle, which
 * is rebuilt first. Generate figures are the median of BENCH_RUNS runs (default 5), each
 * loading definitions no earlier run has transpiled.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { syntheticDefinitions } from "./synthetic.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "bin/llmops.js");
const SIZES = (process.env.BENCH_SIZES ?? "10,100,1000,10000").split(",").map(Number);
const VALIDATE_MAX = Number(process.env.BENCH_VALIDATE_MAX ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/**
 * Where the synthetic projects and their output go: a RAM-backed folder when there is one, so
 * the figures are the CLI's and not the disk's. On ext4, creating files shortly after many were
 * deleted (a previous size's folder, a test run) costs several times the CPU, in the kernel's
 * inode allocator; BENCH_DIR=/tmp measures on the disk.
 */
const BENCH_DIR = process.env.BENCH_DIR ?? (existsSync("/dev/shm") ? "/dev/shm" : tmpdir());

execFileSync(process.execPath, [join(ROOT, "scripts/build.mjs")], { stdio: "inherit" });

/** The run with the median wall time. */
function median(runs: { seconds: number; peakMiB: number; code: number }[]) {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!;
}

const hasTime = spawnSync("sh", ["-c", "command -v /usr/bin/time"]).status === 0;

/** Wall seconds and peak RSS (MiB) of one CLI run, measured by GNU time when present. */
function measure(args: string[]): { seconds: number; peakMiB: number; code: number } {
  const t0 = performance.now();
  const r = hasTime
    ? spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, CLI, ...args], { encoding: "utf8", maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t0) / 1000;
  const kb = hasTime ? Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1] ?? NaN) : NaN;
  return { seconds, peakMiB: kb / 1024, code: r.status ?? 1 };
}

/** In-process compile time, without node start-up and definitions loading. */
async function compileOnly(dir: string): Promise<number> {
  const out = execFileSync(process.execPath, [join(ROOT, "bin/run-ts.js"), join(ROOT, "bench/compileOnly.ts"), dir], { encoding: "utf8" });
  return Number(out.trim());
}

const rows: string[] = [];
rows.push("| SLOs | generate wall (s) | generate --check wall (s) | compile only (s) | generate peak RSS (MiB) | files | validate wall (s) | validate peak RSS (MiB) |");
rows.push("|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const n of SIZES) {
  const dir = mkdtempSync(join(BENCH_DIR, `llmops-bench-${n}-`));
  const source = syntheticDefinitions(n);
  // Every run loads its own copy of the definitions, so none finds them transpiled by a run
  // before it: as in CI, where each run starts from a fresh checkout.
  let copies = 0;
  const freshDefinitions = () => {
    const d = join(dir, `defs-${copies++}`);
    mkdirSync(d);
    writeFileSync(join(d, "index.ts"), source);
    return d;
  };
  const out = join(dir, "generated");
  const g = median(
    Array.from({ length: RUNS }, (_, i) => {
      const r = measure(["generate", "--definitions", freshDefinitions(), "--out", i === 0 ? out : join(dir, `run-${i}`)]);
      if (r.code !== 0) throw new Error(`generate failed at ${n} SLOs`);
      return r;
    }),
  );
  const k = median(
    Array.from({ length: RUNS }, () => {
      const r = measure(["generate", "--check", "--definitions", freshDefinitions(), "--out", out]);
      if (r.code !== 0) throw new Error(`generate --check found drift at ${n} SLOs`);
      return r;
    }),
  );
  const defs = freshDefinitions();
  const c = await compileOnly(defs);
  const files = Number(execFileSync("sh", ["-c", `find ${out} -type f | wc -l`], { encoding: "utf8" }).trim());
  let v = { seconds: NaN, peakMiB: NaN, code: 0 };
  if (n <= VALIDATE_MAX) {
    v = measure(["validate", "--definitions", defs, "--out", out]);
    if (v.code !== 0) throw new Error(`validate failed at ${n} SLOs`);
  }
  const f = (x: number) => (Number.isNaN(x) ? "—" : x.toFixed(2));
  rows.push(`| ${n} | ${f(g.seconds)} | ${f(k.seconds)} | ${f(c)} | ${f(g.peakMiB)} | ${files} | ${f(v.seconds)} | ${f(v.peakMiB)} |`);
  rmSync(dir, { recursive: true, force: true });
  console.log(rows.at(-1));
}
console.log(`\n${rows.join("\n")}\n\nvalidate runs up to ${VALIDATE_MAX} SLOs (BENCH_VALIDATE_MAX); sizes from BENCH_SIZES; projects and output in ${BENCH_DIR} (BENCH_DIR).`);

// The Grafana target alone: one dashboard per SLO at 1,000 SLOs (BENCH_SLOS).
console.log(`\n${execFileSync(process.execPath, [join(ROOT, "bin/run-ts.js"), join(ROOT, "bench/dashboards.ts")], { encoding: "utf8" }).trim()}`);
