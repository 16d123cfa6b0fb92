/**
 * Spend from a price table: conventions that count tokens but record no spend get cost from
 * tokens × prices, proven by promtool from raw token counters to the cent; bad tables are refused
 * naming the field; a preset with its own cost metric keeps it.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { defineProject, service, slo, sli, alert } from "../../src/dsl/index.ts";
import { presets } from "../../src/vocabulary/presets.ts";
import { normalize } from "../../src/model/normalize.ts";
import { compile } from "../../src/compile/index.ts";
import type { PriceTable } from "../../src/vocabulary/prices.ts";
import type { ProjectSpec } from "../../src/dsl/spec.ts";
import { findTool } from "../../src/validate/tools.ts";
import { cli, definitionsDir, tempDir } from "../helpers.ts";
import { UserError, UserErrors } from "../../src/errors.ts";
import { examplePrices } from "../../definitions/prices.ts";
import { findPrometheus3 } from "../live/harness.ts";

const TABLE: PriceTable = {
  date: "2026-01-15",
  models: {
    "gpt-4o": { input: 2.5, cachedInput: 1.25, output: 10 },
    "claude-sonnet-4": { input: 3, cachedInput: 0.3, output: 15 },
  },
};

const spec = (conventions = presets.otelGenAI137(), prices: PriceTable | null = TABLE): ProjectSpec =>
  defineProject({
    name: "genai",
    conventions,
    ...(prices ? { prices } : {}),
    services: [
      service({
        name: "chat",
        slos: [slo({ name: "cost-per-request", objective: 90, window: "30d", sli: sli.timeslice({ measure: "costPerRequest", op: "<", threshold: 0.02 }), alerting: { page: { disabled: true } } })],
        alerts: [alert.costRate({ name: "HighLLMCost", perHourAbove: 10 })],
        spendBudget: { monthlyUsd: 500 },
      }),
    ],
  });

/** The generated Prometheus files of a project, written to a folder. */
function written(p: ProjectSpec): { dir: string; files: Map<string, string> } {
  const dir = tempDir();
  const files = new Map<string, string>();
  for (const a of compile(normalize(p, "index.ts"))) {
    if (!a.path.startsWith("prometheus/")) continue;
    mkdirSync(dirname(join(dir, a.path)), { recursive: true });
    writeFileSync(join(dir, a.path), a.content);
    files.set(a.path, a.content);
  }
  return { dir, files };
}

const promtool = (bin: string, ...args: string[]) => spawnSync(bin, args, { encoding: "utf8", timeout: 300_000 });
const P3 = findPrometheus3().promtool;

/** Every error normalize refuses a project with, formatted as the CLI shows them. */
function refusal(p: ProjectSpec): string {
  try {
    normalize(p, "index.ts");
  } catch (e) {
    if (e instanceof UserErrors) return e.errors.map((x) => x.format()).join("\n");
    if (e instanceof UserError) return e.format();
    throw e;
  }
  throw new Error("accepted");
}

describe("spend from a price table", () => {
  it("records per-token prices and a spend counter, and every cost query reads it", () => {
    const { files } = written(spec());
    const rules = files.get("prometheus/rules/chat.yaml")!;
    expect(rules).toContain("expr: vector(0.0000025)");
    expect(rules).toContain(`llmops:token_spend_usd:total\n        expr: gen_ai_client_token_usage_sum{job="chat",gen_ai_token_type=~"input|output"} * on(gen_ai_request_model, gen_ai_token_type) group_left() llmops:token_price_usd:per_token{llmops_service="chat"}`);
    // The cost alert, the cost SLI and the spend budget all read spend from tokens.
    expect(rules).toContain('(sum by (job) (rate(llmops:token_spend_usd:total{job="chat"}[5m])) * 3600) > 10');
    expect(rules).toContain('sum(rate(llmops:token_spend_usd:total{job="chat"}[5m])) / sum(rate(gen_ai_client_operation_duration_seconds_count{job="chat"}[5m]))');
    expect(rules).toContain('record: service:llm_spend_usd:rate1h\n        expr: sum(rate(llmops:token_spend_usd:total{job="chat"}[1h]))');
    expect(rules).toContain("alert: LLMTokensWithoutPrice");
  });

  for (const [name, bin] of [["promtool 2.42", findTool("promtool")], ["promtool 3", P3]] as const) {
    it(`${name}: spend per hour from raw token rates matches the table to the cent, and the rules check`, () => {
      const { dir } = written(spec());
      const check = promtool(bin, "check", "rules", join(dir, "prometheus/rules/chat.yaml"));
      expect(check.status, check.stdout + check.stderr).toBe(0);
      const test = promtool(bin, "test", "rules", join(dir, "prometheus/tests/chat.test.yaml"));
      expect(test.status, test.stdout + test.stderr).toBe(0);
    });
  }

  // The conventions' cached input: the token usage histogram's sum with a cache-read type, as an application may record it.
  const withCache = () =>
    presets.otelGenAI137({ extend: { signals: { cachedTokens: { series: { metric: "gen_ai.client.token.usage", part: "sum" }, matchers: [{ label: "gen_ai.token.type", op: "=", value: "cache_read" }] } } } });

  for (const [name, bin] of [["promtool 2.42", findTool("promtool")], ["promtool 3", P3]] as const) {
    it(`${name}: with cached input tokens, the rest of the input is priced at the input rate and the cached share at the cached rate`, () => {
      const { dir, files } = written(spec(withCache()));
      const rules = files.get("prometheus/rules/chat.yaml")!;
      expect(rules).toContain(
        'expr: (gen_ai_client_token_usage_sum{job="chat",gen_ai_token_type="input"} - ignoring(gen_ai_token_type) group_left() gen_ai_client_token_usage_sum{job="chat",gen_ai_token_type="cache_read"} or gen_ai_client_token_usage_sum{job="chat",gen_ai_token_type="input"}) * on(gen_ai_request_model, gen_ai_token_type) group_left() llmops:token_price_usd:per_token{llmops_service="chat",gen_ai_token_type="input"}',
      );
      // claude-sonnet-4 (the first model): 61200 input tokens a minute, a quarter cached, and 12300 output tokens:
      // (45900 × $3 + 15300 × $0.30 + 12300 × $15) × 60 / 1e6 = $19.61 an hour, where all input at $3 would be $22.09.
      expect(files.get("prometheus/tests/chat.test.yaml")).toMatch(/gen_ai_request_model="claude-sonnet-4"}'\n\s+value: 19.61\n/);
      const check = promtool(bin, "check", "rules", join(dir, "prometheus/rules/chat.yaml"));
      expect(check.status, check.stdout + check.stderr).toBe(0);
      const test = promtool(bin, "test", "rules", join(dir, "prometheus/tests/chat.test.yaml"));
      expect(test.status, test.stdout + test.stderr).toBe(0);
    });
  }

  // Prometheus 3.5 writes a rule's on("gen_ai.request.model") back unquoted and cannot parse it: UTF-8 names join through llmops's own labels.
  for (const [name, conventions] of [
    ["UTF-8 names", presets.otelGenAI137({ translation: "NoUTF8EscapingWithSuffixes" })],
    [
      "UTF-8 names and cached input",
      presets.otelGenAI137({ translation: "NoTranslation", extend: { signals: { cachedTokens: { series: { metric: "gen_ai.client.token.usage", part: "sum" }, matchers: [{ label: "gen_ai.token.type", op: "=", value: "cache_read" }] } } } }),
    ],
  ] as const) {
    it(`promtool 3: ${name}: the joins match on llmops_model and llmops_token_type, and spend matches the table to the cent`, () => {
      const { dir, files } = written(spec(conventions));
      const rules = files.get("prometheus/rules/chat.yaml")!;
      expect(rules).toContain("on(llmops_model, llmops_token_type) group_left()");
      expect(rules).not.toMatch(/(on|ignoring)\([^)]*"/);
      const test = promtool(P3, "test", "rules", join(dir, "prometheus/tests/chat.test.yaml"));
      expect(test.status, test.stdout + test.stderr).toBe(0);
    });
  }

  it("the promtool case fails when a recorded price is not the table's", () => {
    const { dir, files } = written(spec());
    const tests = files.get("prometheus/tests/chat.test.yaml")!;
    expect(tests).toContain("spend per hour from token rates matches the price table (2026-01-15) to the cent");
    // gpt-4o output at $10.01 instead of $10 per million: a cent and more per hour at the test's rates.
    const rules = files.get("prometheus/rules/chat.yaml")!.replace("expr: vector(0.00001)", "expr: vector(0.00001001)");
    writeFileSync(join(dir, "prometheus/rules/chat.yaml"), rules);
    const r = promtool(findTool("promtool"), "test", "rules", join(dir, "prometheus/tests/chat.test.yaml"));
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('gen_ai_request_model="gpt-4o"');
  });

  it("the example table in definitions/ is dated and usable", () => {
    expect(examplePrices.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const m = normalize(spec(presets.otelGenAI136(), examplePrices), "index.ts");
    expect(m.prices).toBe(examplePrices);
    expect(m.conventions.signals.cost?.series.metric).toBe("llmops:token_spend_usd:total");
  });

  it("a preset with its own cost metric keeps it, and says the table is not used", () => {
    const m = normalize(spec(presets.lab()), "index.ts");
    expect(m.prices).toBeUndefined();
    expect(m.conventions.signals.cost?.series.metric).toBe("llm_cost_usd_total");
    expect(m.warnings.join("\n")).toContain('the "lab" conventions record spend (llm_cost_usd_total): the price table is not used');
    expect([...compile(m)].map((a) => a.content).join("\n")).not.toContain("llmops:token_price_usd");
  });

  it("without a table, cost on GenAI conventions is still a clear missing-signal error", () => {
    const text = refusal(spec(presets.otelGenAI137(), null));
    expect(text).toContain('the "otel-genai-1.37" conventions carry no spend signal');
  });

  const bad: [string, PriceTable, RegExp][] = [
    ["a date that is no date", { date: "2026-02-30", models: TABLE.models }, /prices\.date.*"2026-02-30" is not a date/s],
    ["a date in another form", { date: "15/01/2026", models: TABLE.models }, /prices\.date/],
    ["no models", { date: "2026-01-15", models: {} }, /prices\.models.*prices no model/s],
    ["a negative price", { date: "2026-01-15", models: { "gpt-4o": { input: -1, output: 10 } } }, /prices\.models\["gpt-4o"\]\.input.*-1 is not a price/s],
    ["a price that is not finite", { date: "2026-01-15", models: { "gpt-4o": { input: 1, output: Infinity } } }, /output/],
    ["cached input dearer than input", { date: "2026-01-15", models: { "gpt-4o": { input: 1, cachedInput: 2, output: 10 } } }, /prices\.models\["gpt-4o"\]\.cachedInput.*costs more than input/s],
    ["an empty model name", { date: "2026-01-15", models: { "": { input: 1, output: 1 } } }, /a model name is empty/],
    ["a misspelt field", { date: "2026-01-15", models: { "gpt-4o": { input: 1, ouput: 1 } as never } }, /prices|ouput|output/],
  ];
  for (const [name, table, want] of bad) {
    it(`refuses ${name}, naming the field`, () => {
      const text = refusal(spec(presets.otelGenAI137(), table));
      expect(text).toMatch(want);
      expect(text).not.toContain("carry no spend signal");
    });
  }

  const sloth = `version: prometheus/v1
service: chat
slos:
  - name: availability
    objective: 99.5
    sli:
      events:
        error_query: sum(rate(gen_ai_client_operation_duration_seconds_count{error_type!=""}[{{.window}}]))
        total_query: sum(rate(gen_ai_client_operation_duration_seconds_count[{{.window}}]))
    alerting:
      name: ChatAvailability
`;
  const yamlProject = (date: string) =>
    `apiVersion: llmops/v1\nkind: Project\nname: chat\nconventions: otel-genai-1.37\nprices:\n  date: ${date}\n  models:\n    gpt-4o: { input: 2.5, cachedInput: 1.25, output: 10 }\n`;

  it("llmops.yaml takes a price table too, and its promtool case passes", async () => {
    const dir = definitionsDir({ "llmops.yaml": yamlProject("2026-01-15"), "slos/chat.yaml": sloth });
    const out = join(tempDir(), "generated");
    const r = await cli(["generate", "--definitions", dir, "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, "prometheus/rules/chat.yaml"), "utf8")).toContain("record: llmops:token_spend_usd:total");
    const test = promtool(findTool("promtool"), "test", "rules", join(out, "prometheus/tests/chat.test.yaml"));
    expect(test.status, test.stdout + test.stderr).toBe(0);
  });

  it("a bad date in llmops.yaml is exit 2 naming the file and the field", async () => {
    const dir = definitionsDir({ "llmops.yaml": yamlProject("2026-13-01"), "slos/chat.yaml": sloth });
    const r = await cli(["generate", "--definitions", dir, "--out", join(tempDir(), "generated")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/llmops\.yaml.*prices\.date.*"2026-13-01" is not a date/s);
  });
});
