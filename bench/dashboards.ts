/**
 * Dashboard generation at scale: a synthetic project of N SLOs (default 1,000; `BENCH_SLOS`),
 * one dashboard per SLO. Reports the Grafana target's wall time in-process and the peak
 * memory of the process, then a whole `llmops generate` run for comparison.
 *   node bin/run-ts.js bench/dashboards.ts
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDefinitions } from "../src/load/definitions.ts";
import { normalize } from "../src/model/normalize.ts";
import { grafanaFiles } from "../src/compile/grafana/index.ts";
import { syntheticDefinitions } from "./synthetic.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SLOS = Number(process.env.BENCH_SLOS ?? 1000);
const RUNS = 3;

const dir = mkdtempSync(join(tmpdir(), "llmops-bench-dashboards-"));
writeFileSync(join(dir, "index.ts"), syntheticDefinitions(SLOS));
try {
  const { spec, entry } = await loadDefinitions(dir);
  const model = normalize(spec, entry);
  [...grafanaFiles(model)]; // warm-up: module loading and JIT
  const times: number[] = [];
  let files = 0;
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const out = [...grafanaFiles(model)];
    times.push(performance.now() - t0);
    files = out.length;
    bytes = out.reduce((n, a) => n + Buffer.byteLength(a.content), 0);
  }
  times.sort((a, b) => a - b);
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(`dashboards: ${SLOS} SLOs → ${files} Grafana files, ${(bytes / 1048576).toFixed(1)} MiB`);
  console.log(`  grafana target, in-process: median ${(times[Math.floor(RUNS / 2)]! / 1000).toFixed(3)} s of ${RUNS} runs (min ${(times[0]! / 1000).toFixed(3)} s)`);
  console.log(`  peak RSS of this process (load + normalize + ${RUNS + 1} compiles): ${peakMiB.toFixed(0)} MiB`);

  const out = join(dir, "out");
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, join(ROOT, "bin/llmops.js"), "generate", "--definitions", dir, "--out", out], { encoding: "utf8" });
  const seconds = (performance.now() - t0) / 1000;
  if (r.error) {
    const t1 = performance.now();
    spawnSync(process.execPath, [join(ROOT, "bin/llmops.js"), "generate", "--definitions", dir, "--out", out], { encoding: "utf8" });
    console.log(`  whole \`llmops generate\` (all targets): ${((performance.now() - t1) / 1000).toFixed(2)} s (no /usr/bin/time for peak memory)`);
  } else {
    const kb = Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1] ?? NaN);
    console.log(`  whole \`llmops generate\` (all targets): ${seconds.toFixed(2)} s, peak RSS ${(kb / 1024).toFixed(0)} MiB, exit ${r.status}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
