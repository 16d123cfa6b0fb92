/**
 * The simulator exposes exactly the names and labels of the conventions it is given, for every
 * preset and translation strategy: UTF-8 names in the quoted text format when the scraper offers
 * `escaping=allow-utf-8` (as Prometheus 3 does), every attribute with a value, errors by the
 * preset's error matchers and tokens by its token types.
 */
import { describe, expect, it } from "vitest";
import { PresetMetrics } from "../../stack/simulator/metrics.ts";
import { simulateRequest } from "../../stack/simulator/traffic.ts";
import { catalogSeries } from "../../src/vocabulary/conventions.ts";
import { PRESETS } from "../../src/vocabulary/presets.ts";
import { TRANSLATIONS } from "../../src/vocabulary/translation.ts";

/** Prometheus 3.5.3's scrape Accept header. */
const PROMETHEUS3_ACCEPT = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

/** Sample lines of a text exposition as name and labels, quoted names unquoted. */
function samples(body: string): { name: string; labels: Record<string, string> }[] {
  const out: { name: string; labels: Record<string, string> }[] = [];
  for (const line of body.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)?(?:\{(.*)\})? \S+$/.exec(line);
    expect(m, `not a sample line: ${line}`).not.toBeNull();
    let name = m![1];
    const labels: Record<string, string> = {};
    for (const p of (m![2] ?? "").matchAll(/(?:([a-zA-Z_]\w*)|"((?:[^"\\]|\\.)*)")(?:="((?:[^"\\]|\\.)*)")?/g)) {
      if (p[3] === undefined) name = p[2];
      else labels[p[1] ?? p[2]!] = p[3];
    }
    out.push({ name: name!, labels });
  }
  return out;
}

describe("the simulator emits each preset and strategy", () => {
  for (const preset of ["lab", "lab-dashboard", "otel-genai-1.36", "otel-genai-1.37", "openlit"] as const) {
    for (const translation of TRANSLATIONS) {
      it(`${preset} / ${translation}`, async () => {
        const c = PRESETS[preset]({ translation });
        const metrics = new PresetMetrics(c);
        let seed = 1;
        const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
        for (let i = 0; i < 400; i++) metrics.observe(simulateRequest(rand, { errors: 0.2 }));
        const { body, contentType } = await metrics.exposition(PROMETHEUS3_ACCEPT);
        const got = samples(body);
        const catalog = catalogSeries(c);
        // Every series is one of the catalogue's, with exactly its labels (le on buckets), all valued.
        const names = new Set(got.map((s) => s.name));
        for (const s of got) {
          const entry = catalog.get(s.name);
          expect(entry, `${s.name} is not in the ${preset} catalogue`).toBeDefined();
          const want = [...entry!.metric.labels, ...(s.name.endsWith("_bucket") ? ["le"] : [])].sort();
          const errorLabel = c.labels.errorType;
          // prom-client writes a success's empty error type as error_type="", which Prometheus reads as absent.
          if (errorLabel && s.labels[errorLabel] === "") delete s.labels[errorLabel];
          const have = Object.keys(s.labels).sort();
          // An empty error type (a success) is left out, as Prometheus reads it.
          expect(have, `${s.name}`).toEqual(want.filter((l) => l !== errorLabel || have.includes(l)));
          for (const [k, v] of Object.entries(s.labels)) expect(v, `${s.name} ${k}`).not.toMatch(/^(unknown)?$/);
        }
        for (const m of c.metrics) expect(names.has(m.type === "histogram" ? `${m.name}_count` : m.name), `${m.name} has no samples`).toBe(true);
        // Attribute values.
        const duration = got.filter((s) => s.name === (c.metrics.find((m) => m.name === c.signals.duration.metric)!.type === "histogram" ? `${c.signals.duration.metric}_count` : c.signals.duration.metric));
        const op = c.labels.operation;
        if (op) expect(duration.every((s) => s.labels[op] === "chat")).toBe(true);
        const port = Object.keys(duration[0]!.labels).find((l) => /server.port$/.test(l));
        if (port) expect(duration[0]!.labels[port]).toBe("443");
        // Errors by the preset's error matchers, token types by its own.
        const errors = c.signals.requests.errors[0]!;
        const reqSeries = c.signals.requests.series.part ? `${c.signals.requests.series.metric}_${c.signals.requests.series.part}` : c.signals.requests.series.metric;
        const reqs = got.filter((s) => s.name === reqSeries);
        expect(reqs.some((s) => (errors.op === "=" ? s.labels[errors.label] === errors.value : (s.labels[errors.label] ?? "") !== errors.value))).toBe(true);
        const t = c.signals.tokens;
        const tokenTypes = new Set(got.filter((s) => s.name.startsWith(t.series.metric)).map((s) => s.labels[t.typeLabel]));
        expect(tokenTypes).toContain(t.input);
        expect(tokenTypes).toContain(t.output);
        const utf8Names = c.metrics.some((m) => !/^[a-zA-Z_:][\w:]*$/.test(m.name));
        if (utf8Names) {
          expect(contentType).toBe("text/plain; version=1.0.0; charset=utf-8; escaping=allow-utf-8");
          expect(body).toMatch(/^\{"[^"]+\.[^"]+",/m);
        }
      });
    }
  }

  it("a scraper that does not offer UTF-8 (Prometheus 2) gets the names escaped to underscores", async () => {
    const metrics = new PresetMetrics(PRESETS["otel-genai-1.37"]({ translation: "NoTranslation" }));
    metrics.observe(simulateRequest(() => 0.5, {}));
    const { body, contentType } = await metrics.exposition("application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toMatch(/^gen_ai_client_operation_duration_count\{gen_ai_operation_name="chat",/m);
    expect(body).not.toContain('"gen_ai.');
  });
});
