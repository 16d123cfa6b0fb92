/**
 * Translation strategies against the names prometheus/otlptranslator gives (the translator
 * Prometheus 3.5 pins, run with 3.5's strategy settings), and PromQL for UTF-8 names.
 */
import { describe, expect, it } from "vitest";
import { labelName, metricName, type Instrument, type Translation } from "../../src/vocabulary/translation.ts";
import { labelTemplate, selector, sum } from "../../src/promql/build.ts";
import { seriesText } from "../../src/compile/prometheus/synth.ts";

const I = (name: string, instrument: Instrument["instrument"], unit: string): Instrument => ({ name, instrument, unit });

// [instrument, UnderscoreEscapingWithSuffixes, NoUTF8EscapingWithSuffixes, NoTranslation]
const TABLE: [Instrument, string, string, string][] = [
  [I("gen_ai.client.operation.duration", "histogram", "s"), "gen_ai_client_operation_duration_seconds", "gen_ai.client.operation.duration_seconds", "gen_ai.client.operation.duration"],
  [I("gen_ai.client.inference.usage.input_tokens", "counter", "{token}"), "gen_ai_client_inference_usage_input_tokens_total", "gen_ai.client.inference.usage.input_tokens_total", "gen_ai.client.inference.usage.input_tokens"],
  [I("gen_ai.client.token.usage", "histogram", "{token}"), "gen_ai_client_token_usage", "gen_ai.client.token.usage", "gen_ai.client.token.usage"],
  [I("gen_ai.usage.cost", "histogram", "USD"), "gen_ai_usage_cost_USD", "gen_ai.usage.cost_USD", "gen_ai.usage.cost"],
  [I("llm_requests", "counter", ""), "llm_requests_total", "llm_requests_total", "llm_requests"],
  [I("llm_quality_score", "gauge", "1"), "llm_quality_score_ratio", "llm_quality_score_ratio", "llm_quality_score"],
  [I("gen_ai.total.requests", "counter", "1"), "gen_ai_requests_total", "gen_ai.total.requests_total", "gen_ai.total.requests"],
  [I("mcp.request.size", "histogram", "By"), "mcp_request_size_bytes", "mcp.request.size_bytes", "mcp.request.size"],
  [I("http.bytes", "counter", "By/s"), "http_bytes_per_second_total", "http.bytes_bytes_per_second_total", "http.bytes"],
  [I("llm.inflight", "gauge", "{request}"), "llm_inflight", "llm.inflight", "llm.inflight"],
  [I("gen_ai.client.generation.choices", "counter", "choice"), "gen_ai_client_generation_choices_choice_total", "gen_ai.client.generation.choices_choice_total", "gen_ai.client.generation.choices"],
  [I("llm_cost_usd", "counter", "USD"), "llm_cost_usd_USD_total", "llm_cost_usd_USD_total", "llm_cost_usd"],
];

describe("metric names by translation strategy (otlptranslator's MetricNamer)", () => {
  for (const [i, underscore, utf8, none] of TABLE) {
    it(`${i.name} (${i.instrument}, unit "${i.unit}")`, () => {
      expect(metricName(i, "UnderscoreEscapingWithSuffixes")).toBe(underscore);
      expect(metricName(i, "NoUTF8EscapingWithSuffixes")).toBe(utf8);
      expect(metricName(i, "NoTranslation")).toBe(none);
      expect(metricName(i, "UnderscoreEscapingWithoutSuffixes")).toBe(i.name.replace(/[^a-zA-Z0-9:_]+/g, "_"));
    });
  }
  it("a leading digit gets an underscore when escaped", () => {
    expect(metricName(I("2fast", "gauge", ""), "UnderscoreEscapingWithSuffixes")).toBe("_2fast");
  });
});

describe("label names by translation strategy (otlptranslator's LabelNamer)", () => {
  const cases: [string, string][] = [
    ["gen_ai.request.model", "gen_ai_request_model"],
    ["error.type", "error_type"],
    ["service.name", "service_name"],
    ["2fast", "key_2fast"],
    ["_private", "key_private"],
    ["__reserved__", "__reserved__"],
    ["a..b", "a__b"],
  ];
  for (const [attr, escaped] of cases) {
    it(attr, () => {
      for (const t of ["UnderscoreEscapingWithSuffixes", "UnderscoreEscapingWithoutSuffixes"] as Translation[]) expect(labelName(attr, t)).toBe(escaped);
      for (const t of ["NoUTF8EscapingWithSuffixes", "NoTranslation"] as Translation[]) expect(labelName(attr, t)).toBe(attr);
    });
  }
});

describe("PromQL for UTF-8 names (Prometheus 3)", () => {
  it("quotes the metric name inside the braces and quotes label names that need it", () => {
    expect(selector({ series: "gen_ai.client.operation.duration_seconds_count", matchers: [{ label: "error.type", op: "!=", value: "" }, { label: "job", op: "=", value: "a" }] })).toBe(
      '{"gen_ai.client.operation.duration_seconds_count", "error.type"!="",job="a"}',
    );
    expect(selector({ series: "gen_ai.x", matchers: [] })).toBe('{"gen_ai.x"}');
    expect(selector({ series: "legacy_total", matchers: [] })).toBe("legacy_total");
    expect(sum("x", ["gen_ai.request.model", "job"])).toBe('sum by ("gen_ai.request.model", job) (x)');
  });
  it("alert templates read a UTF-8 label through index", () => {
    expect(labelTemplate("model")).toBe("{{ $labels.model }}");
    expect(labelTemplate("gen_ai.request.model")).toBe('{{ index $labels "gen_ai.request.model" }}');
  });
  it("writes promtool input series in the same form", () => {
    expect(seriesText("gen_ai.x_count", { "error.type": "e", job: "a" })).toBe('{"gen_ai.x_count", "error.type"="e", job="a"}');
    expect(seriesText("legacy_total", { job: "a" })).toBe('legacy_total{job="a"}');
  });
});
