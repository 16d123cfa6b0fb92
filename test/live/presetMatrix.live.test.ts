/**
 * Every preset × translation strategy, live: a temp project of the bundled definitions
 * (definitions/index.ts, definitions/dashboards.ts) with its conventions set to the preset and
 * strategy is generated, validated, checked to query only the preset's metrics, and run: a
 * Prometheus (2.42 for escaped names, 3.5 for UTF-8 ones) scrapes the simulator emitting that
 * preset and strategy, and every recording rule and every dashboard query returns data.
 *
 * The bundled Sloth and OpenSLO services (definitions/slos) are left out: their queries are
 * written in the lab's metric names (llm_requests_total{status="error"}), which no other preset
 * or strategy has. Signals a preset lacks and the project uses (quality, conversations,
 * messages, time to first token) come through `extend` with the instruments the seeds' agent
 * records itself; spend, where the preset records none, from the project's price table
 * (definitions/prices.ts). Bucket bounds include the SLO thresholds (latency 3 s, TTFT 1 s).
 *
 * The whole matrix is 24 projects, each generated and validated (promtool test rules included),
 * which takes longer than npm test can give it on two cores: npm test runs a sample that covers
 * every preset and every strategy once (SAMPLE), `npm run test:matrix` (LLMOPS_MATRIX=all) all of
 * it, and LLMOPS_MATRIX=preset/strategy,… the cases named.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { cli, tempDir } from "../helpers.ts";
import { dashboardExprs, findBinary, findPrometheus3, freePort, getJson, start, stop, stopAll, substituteAll, waitFor, type Proc } from "./harness.ts";
import { analyze } from "../../src/promql/parse.ts";
import { catalogSeries, type Conventions } from "../../src/vocabulary/conventions.ts";
import { PRESETS, type InstrumentSpec, type PresetOptions } from "../../src/vocabulary/presets.ts";
import { keepsUtf8, TRANSLATIONS, type Translation } from "../../src/vocabulary/translation.ts";
import { findTool } from "../../src/validate/tools.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const PRESET_NAMES = ["lab", "lab-dashboard", "otel-genai-1.36", "otel-genai-1.37", "otel-genai-dev", "openlit"] as const;
type PresetName = (typeof PRESET_NAMES)[number];
const CAMEL: Record<PresetName, string> = { lab: "lab", "lab-dashboard": "labDashboard", "otel-genai-1.36": "otelGenAI136", "otel-genai-1.37": "otelGenAI137", "otel-genai-dev": "otelGenAIDev", openlit: "openlit" };
/** The SLO thresholds of definitions/index.ts, which must be bucket bounds. */
const LATENCY_SLO_SECONDS = 3;
const TTFT_SLO_SECONDS = 1;

const withBound = (b: number[] | undefined, x: number) => [...new Set([...(b ?? []), x])].sort((p, q) => p - q);

/** The preset's options for the bundled project: missing signals extended, SLO thresholds as bucket bounds. */
export function projectOptions(name: PresetName): PresetOptions {
  const base = PRESETS[name]();
  // The model attribute as the instrumentation names it (base.labels are its translated names).
  const holder = base.metrics.find((m) => m.labels.includes(base.labels.model));
  const model = holder?.semantic?.attributes[holder.labels.indexOf(base.labels.model)] ?? base.labels.model;
  const instruments: InstrumentSpec[] = [];
  const signals: NonNullable<PresetOptions["extend"]>["signals"] = {};
  // The seeds' agent records these itself (Lab 1's llm_quality_score, agent_conversations, agent_messages, llm_time_to_first_token).
  if (!base.signals.quality) {
    instruments.push({ name: "llm_quality_score", instrument: "gauge", unit: "", help: "Rolling response quality score (0–5).", attributes: [model], display: "short" });
    signals.quality = { metric: "llm_quality_score" };
  }
  if (!base.signals.conversations) {
    instruments.push({ name: "agent_conversations", instrument: "counter", unit: "", help: "Agent conversations started.", attributes: [], display: "short" });
    signals.conversations = { series: { metric: "agent_conversations" } };
  }
  if (!base.signals.messages) {
    instruments.push({ name: "agent_messages", instrument: "counter", unit: "", help: "Agent messages processed.", attributes: [], display: "short" });
    signals.messages = { series: { metric: "agent_messages" } };
  }
  if (!base.signals.ttft) {
    instruments.push({ name: "llm_time_to_first_token", instrument: "histogram", unit: "s", help: "Time until the first streamed token.", attributes: [model], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5], display: "s" });
    signals.ttft = { metric: "llm_time_to_first_token" };
  }
  const buckets = (metric: string | undefined) => base.metrics.find((m) => m.name === metric)?.buckets;
  const ttft = base.signals.ttft?.metric;
  return {
    durationBuckets: withBound(buckets(base.signals.duration.metric), LATENCY_SLO_SECONDS),
    ...(ttft ? { ttftBuckets: withBound(buckets(ttft), TTFT_SLO_SECONDS) } : {}),
    ...(instruments.length ? { extend: { instruments, signals } } : {}),
  };
}

/** The conventions the project compiles with (the catalogue its queries may name). */
const conventionsOf = (name: PresetName, opts: PresetOptions, t: Translation): Conventions => PRESETS[name]({ ...opts, translation: t });

/** The bundled definitions, with the preset's conventions, without the lab-named YAML services. */
function writeProject(dir: string, name: PresetName, opts: PresetOptions, t: Translation): void {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(join(ROOT, "definitions"))) if (f.endsWith(".ts")) copyFileSync(join(ROOT, "definitions", f), join(dir, f));
  const cost = !!PRESETS[name]().signals.cost;
  let index = readFileSync(join(dir, "index.ts"), "utf8");
  const conventions = `conventions: presets.${CAMEL[name]}(${JSON.stringify({ ...opts, translation: t })}),`;
  const before = index;
  index = index.replace(/conventions: presets\.lab\(\),/, cost || !existsSync(join(dir, "prices.ts")) ? conventions : `${conventions}\n  prices: examplePrices,`);
  if (!cost && existsSync(join(dir, "prices.ts"))) index = `import { examplePrices } from "./prices.ts";\n${index}`;
  index = index.replace(/^\s*\.\.\.fromYaml\("\.\/slos"\),\n/m, "");
  expect(index, "definitions/index.ts no longer sets conventions: presets.lab()").not.toBe(before);
  expect(index).not.toMatch(/fromYaml\("/);
  writeFileSync(join(dir, "index.ts"), index);
}

interface RuleGroup {
  name: string;
  rules: { record?: string; alert?: string; expr: string; labels?: Record<string, string> }[];
}
type QueryResult = { status: string; error?: string; data: { resultType: string; result: unknown[] } };

function ruleGroups(gen: string): { file: string; groups: RuleGroup[] }[] {
  const cfg = parse(readFileSync(join(gen, "prometheus/prometheus.yml"), "utf8")) as { rule_files: string[] };
  return cfg.rule_files.map((rel) => ({ file: rel, groups: (parse(readFileSync(join(gen, "prometheus", rel), "utf8")) as { groups: RuleGroup[] }).groups }));
}

/** Every preset once and every strategy at least once, the UTF-8 ones on both kinds of preset. */
const SAMPLE = [
  "lab/UnderscoreEscapingWithSuffixes",
  "lab-dashboard/NoTranslation",
  "otel-genai-1.36/UnderscoreEscapingWithoutSuffixes",
  "otel-genai-1.37/NoUTF8EscapingWithSuffixes",
  "openlit/UnderscoreEscapingWithSuffixes",
];
const ALL = PRESET_NAMES.flatMap((p) => TRANSLATIONS.map((t) => ({ preset: p, translation: t })));
const chosen = process.env.LLMOPS_MATRIX === "all" ? undefined : (process.env.LLMOPS_MATRIX?.split(",").map((s) => s.trim()).filter(Boolean) ?? SAMPLE);
const CASES = ALL.filter((c) => !chosen || chosen.includes(`${c.preset}/${c.translation}`));
if (chosen) for (const c of chosen) if (!ALL.some((x) => `${x.preset}/${x.translation}` === c)) throw new Error(`LLMOPS_MATRIX names "${c}", which is no preset/strategy`);
const timings: string[] = [];

afterAll(async () => {
  await stopAll();
  if (timings.length) console.log(`preset matrix:\n${timings.join("\n")}`);
}, 30_000);

describe.concurrent("preset × translation strategy: generate, validate, catalogue, live", { concurrent: true }, () => {
  it.each(CASES)("$preset / $translation", async ({ preset, translation }) => {
    const t0 = Date.now();
    const utf8 = keepsUtf8(translation);
    const p3 = utf8 ? findPrometheus3() : undefined;
    const promtool = p3?.promtool ?? findTool("promtool");
    const prometheusBin = p3?.prometheus ?? findBinary("PROMETHEUS_BIN", ["prometheus"], "prometheus");
    const tmp = tempDir("llmops-matrix-");
    const defs = join(tmp, "definitions");
    const gen = join(tmp, "generated");
    const opts = projectOptions(preset);
    writeProject(defs, preset, opts, translation);

    // Generate and validate.
    const g = await cli(["generate", "--definitions", defs, "--out", gen]);
    expect(g.code, `generate failed:\n${g.stdout}${g.stderr}`).toBe(0);
    const v = await cli(["validate", "--definitions", defs, "--out", gen, "--promtool", promtool, "--json"]);
    const report = JSON.parse(v.stdout || "{}") as { checks?: { check: string; file: string; status: string; message: string }[] };
    expect(report.checks, `validate did not report:\n${v.stdout}${v.stderr}`).toBeDefined();
    const failed = report.checks!.filter((c) => c.status !== "pass");
    expect(failed.map((c) => `${c.check} ${c.file}: ${c.message}`)).toEqual([]);
    expect(v.code).toBe(0);
    for (const check of ["promtool check rules", "promtool test rules", "promtool check config"]) expect(report.checks!.some((c) => c.check === check), check).toBe(true);
    const tBuilt = Date.now();

    // Only the preset's metrics (and the project's own recordings).
    const conventions = conventionsOf(preset, opts, translation);
    const groups = ruleGroups(gen);
    const allowed = new Set([...catalogSeries(conventions).keys(), "ALERTS", "ALERTS_FOR_STATE"]);
    for (const f of groups) for (const gr of f.groups) for (const r of gr.rules) if (r.record) allowed.add(r.record);
    const exprs = [
      ...groups.flatMap((f) => f.groups.flatMap((gr) => gr.rules.map((r) => ({ where: `${f.file} ${r.record ?? r.alert}`, expr: r.expr })))),
      ...dashboardExprs(gen).map((d) => ({ where: `${d.file} "${d.panel}"`, expr: substituteAll(d.expr) })),
    ];
    const outside: string[] = [];
    for (const e of exprs) {
      const a = analyze(e.expr);
      expect(a.errors, `${e.where} does not parse: ${e.expr}`).toEqual([]);
      for (const s of a.selectors) if (s.name === undefined || !allowed.has(s.name)) outside.push(`${e.where}: ${s.name ?? "(no name)"}`);
    }
    expect(outside, `queries naming a metric outside the ${preset} catalogue`).toEqual([]);

    // Live: the simulator emitting the preset and strategy, scraped by Prometheus.
    const ports = { sim: await freePort(), prom: await freePort() };
    writeFileSync(join(tmp, "preset-options.json"), JSON.stringify(opts));
    const procs: Proc[] = [];
    try {
      const sim = start(`simulator ${preset}/${translation}`, process.execPath, [
        join(ROOT, "bin/run-ts.js"), join(ROOT, "stack/simulator/main.ts"),
        "--preset", preset, "--translation", translation, "--preset-options", join(tmp, "preset-options.json"),
        "--port", String(ports.sim), "--host", "127.0.0.1", "--rps", "20",
      ], ROOT);
      procs.push(sim);
      await waitFor("the simulator", async () => (await fetch(`http://127.0.0.1:${ports.sim}/healthz`)).ok || undefined, { timeoutMs: 20_000 });
      // Errors of every type, so that error breakdowns have series.
      await fetch(`http://127.0.0.1:${ports.sim}/faults`, { method: "POST", body: JSON.stringify({ errors: 0.1 }) });

      const cfg = parse(readFileSync(join(gen, "prometheus/prometheus.yml"), "utf8")) as { global: Record<string, string>; rule_files: string[]; alerting?: unknown; scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };
      const override = {
        ...cfg,
        global: { ...cfg.global, scrape_interval: "1s", evaluation_interval: "1s" },
        rule_files: cfg.rule_files.map((r) => join(gen, "prometheus", r)),
        alerting: undefined,
        scrape_configs: cfg.scrape_configs
          .map((j) => ({ ...j, static_configs: j.static_configs.map((s) => ({ targets: s.targets.filter((x) => x === "simulator:8000").map(() => `127.0.0.1:${ports.sim}`) })) }))
          .filter((j) => j.static_configs.some((s) => s.targets.length)),
      };
      delete override.alerting;
      expect(override.scrape_configs.length, "the generated prometheus.yml scrapes no simulator:8000").toBe(1);
      writeFileSync(join(tmp, "prometheus.yml"), stringify(override));
      const prom = start(`prometheus ${preset}/${translation}`, prometheusBin, [`--config.file=${join(tmp, "prometheus.yml")}`, `--storage.tsdb.path=${join(tmp, "prom-data")}`, `--web.listen-address=127.0.0.1:${ports.prom}`]);
      procs.push(prom);
      const logs = () => procs.map((p) => `--- ${p.name}\n${p.output().slice(-2000)}`).join("\n");
      const query = (q: string) => getJson<QueryResult>(`http://127.0.0.1:${ports.prom}/api/v1/query?query=${encodeURIComponent(q)}`).catch((e: Error) => ({ status: e.message, data: { resultType: "", result: [] } }) as QueryResult);
      await waitFor("Prometheus ready", async () => (await fetch(`http://127.0.0.1:${ports.prom}/-/ready`)).ok || undefined, { timeoutMs: 20_000 }).catch((e: Error) => {
        throw new Error(`${e.message}\n${logs()}`);
      });

      const records = new Set<string>();
      for (const f of groups) {
        for (const gr of f.groups) {
          for (const r of gr.rules) {
            if (!r.record) continue;
            const m = Object.entries(r.labels ?? {}).map(([k, x]) => `${/^[a-zA-Z_]\w*$/.test(k) ? k : JSON.stringify(k)}=${JSON.stringify(x)}`);
            records.add(/^[a-zA-Z_:][\w:]*$/.test(r.record) ? `${r.record}{${m.join(",")}}` : `{${[JSON.stringify(r.record), ...m].join(",")}}`);
          }
        }
      }
      const panels = [...new Map(dashboardExprs(gen).map((d) => [substituteAll(d.expr), d])).entries()];
      let missing: string[] = [];
      await waitFor(
        "data for every recording rule and dashboard query",
        async () => {
          missing = [];
          const checks = [...[...records].map((q) => ({ q, what: "recording" })), ...panels.map(([q, d]) => ({ q, what: `${d.file} "${d.panel}"` }))];
          await Promise.all(
            checks.map(async ({ q, what }) => {
              const r = await query(q);
              if (r.status !== "success") missing.push(`${what}: ${q}: ${r.status} ${r.error ?? ""}`);
              else if (!r.data.result.length) missing.push(`${what}: ${q}`);
            }),
          );
          return missing.length ? undefined : true;
        },
        { timeoutMs: 60_000, intervalMs: 1000 },
      ).catch(() => undefined);
      expect(missing, `${preset}/${translation}: without data\n${missing.join("\n")}\n${missing.length ? logs() : ""}`).toEqual([]);
      expect(records.size).toBeGreaterThan(0);
      expect(panels.length).toBeGreaterThan(0);
      timings.push(`${preset}/${translation}: generate+validate ${((tBuilt - t0) / 1000).toFixed(1)} s, live ${((Date.now() - tBuilt) / 1000).toFixed(1)} s; ${records.size} recordings, ${panels.length} dashboard queries`);
    } finally {
      for (const p of procs) await stop(p);
    }
  }, 180_000);
});
