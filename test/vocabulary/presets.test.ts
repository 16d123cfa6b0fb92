/**
 * Each preset pinned to the documents of the instrumentation it stands for: the instruments'
 * semantic names, instruments, units, attributes and bucket advice, and the Prometheus names
 * they become under the default translation (UnderscoreEscapingWithSuffixes).
 */
import { describe, expect, it } from "vitest";
import { presets } from "../../src/vocabulary/presets.ts";
import { seriesName, type Conventions } from "../../src/vocabulary/conventions.ts";
import { UserError } from "../../src/errors.ts";

const DURATION = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TTFT = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
const TPOT = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];
const TOKENS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/** semantic name → [instrument, unit, attributes, buckets, Prometheus name] */
type Row = [string, string, string, string[], number[] | undefined, string];
const table = (c: Conventions): Row[] =>
  c.metrics.map((m) => [m.semantic!.name, m.type, m.semantic!.unit, m.semantic!.attributes, m.buckets, m.name]);

const common = (provider: string) => ["gen_ai.operation.name", provider, "gen_ai.request.model", "gen_ai.response.model", "server.address", "server.port"];

describe("otel-genai-1.36: semantic conventions v1.36.0, docs/gen-ai/gen-ai-metrics.md", () => {
  const c = presets.otelGenAI136();
  const a = common("gen_ai.system");
  it("§ Generative AI client metrics and § Generative AI model server metrics: the five histograms, units, attributes (metric_attributes.gen_ai with gen_ai.system) and bucket advice", () => {
    expect(table(c)).toEqual([
      ["gen_ai.client.operation.duration", "histogram", "s", [...a, "error.type"], DURATION, "gen_ai_client_operation_duration_seconds"],
      ["gen_ai.client.token.usage", "histogram", "{token}", [...a, "gen_ai.token.type"], TOKENS, "gen_ai_client_token_usage"],
      ["gen_ai.server.request.duration", "histogram", "s", [...a, "error.type"], DURATION, "gen_ai_server_request_duration_seconds"],
      ["gen_ai.server.time_per_output_token", "histogram", "s", a, TPOT, "gen_ai_server_time_per_output_token_seconds"],
      ["gen_ai.server.time_to_first_token", "histogram", "s", a, TTFT, "gen_ai_server_time_to_first_token_seconds"],
    ]);
  });
  it("§ Metric: gen_ai.client.token.usage: gen_ai.token.type is input or output; § Metric: gen_ai.client.operation.duration: error.type set only on errors", () => {
    expect(c.signals.tokens).toEqual({ series: { metric: "gen_ai_client_token_usage", part: "sum" }, typeLabel: "gen_ai_token_type", input: "input", output: "output" });
    expect(seriesName(c.signals.requests.series)).toBe("gen_ai_client_operation_duration_seconds_count");
    expect(c.signals.requests.errors).toEqual([{ label: "error_type", op: "!=", value: "" }]);
    expect(c.labels).toMatchObject({ model: "gen_ai_request_model", provider: "gen_ai_system", operation: "gen_ai_operation_name", errorType: "error_type" });
    expect(c.signals.ttft?.metric).toBe("gen_ai_server_time_to_first_token_seconds");
    expect(c.signals.tpot?.metric).toBe("gen_ai_server_time_per_output_token_seconds");
    expect(c.signals.cost).toBeUndefined();
  });
});

describe("otel-genai-1.37: semantic conventions v1.37.0–v1.41.0, docs/gen-ai/gen-ai-metrics.md", () => {
  const c = presets.otelGenAI137();
  const a = common("gen_ai.provider.name");
  it("v1.37.0 § Metric attributes: gen_ai.provider.name replaces gen_ai.system; v1.41.0 § Metric: gen_ai.client.operation.time_to_first_chunk and time_per_output_chunk (s, duration buckets)", () => {
    expect(table(c)).toEqual([
      ["gen_ai.client.operation.duration", "histogram", "s", [...a, "error.type"], DURATION, "gen_ai_client_operation_duration_seconds"],
      ["gen_ai.client.token.usage", "histogram", "{token}", [...a, "gen_ai.token.type"], TOKENS, "gen_ai_client_token_usage"],
      ["gen_ai.server.request.duration", "histogram", "s", [...a, "error.type"], DURATION, "gen_ai_server_request_duration_seconds"],
      ["gen_ai.server.time_per_output_token", "histogram", "s", a, TPOT, "gen_ai_server_time_per_output_token_seconds"],
      ["gen_ai.server.time_to_first_token", "histogram", "s", a, TTFT, "gen_ai_server_time_to_first_token_seconds"],
      ["gen_ai.client.operation.time_to_first_chunk", "histogram", "s", a, DURATION, "gen_ai_client_operation_time_to_first_chunk_seconds"],
      ["gen_ai.client.operation.time_per_output_chunk", "histogram", "s", a, DURATION, "gen_ai_client_operation_time_per_output_chunk_seconds"],
    ]);
    expect(c.labels.provider).toBe("gen_ai_provider_name");
    expect(c.signals.ttft?.metric).toBe("gen_ai_client_operation_time_to_first_chunk_seconds");
    expect(c.signals.tpot?.metric).toBe("gen_ai_client_operation_time_per_output_chunk_seconds");
  });
  it("under NoUTF8EscapingWithSuffixes the names keep their dots and the attributes their own names", () => {
    const u = presets.otelGenAI137({ translation: "NoUTF8EscapingWithSuffixes" });
    expect(seriesName(u.signals.requests.series)).toBe("gen_ai.client.operation.duration_seconds_count");
    expect(u.signals.requests.errors).toEqual([{ label: "error.type", op: "!=", value: "" }]);
    expect(u.labels.model).toBe("gen_ai.request.model");
    expect(u.signals.tokens.typeLabel).toBe("gen_ai.token.type");
  });
});

describe("otel-genai-dev: open-telemetry/semantic-conventions-genai @004902b, docs/gen-ai/gen-ai-metrics.md", () => {
  it("§ Generative AI workflow metrics, § agent metrics, § tool metrics: gen_ai.workflow.duration, gen_ai.invoke_agent.duration, gen_ai.execute_tool.duration with their bucket advice", () => {
    const rows = table(presets.otelGenAIDev());
    expect(rows.slice(7)).toEqual([
      ["gen_ai.workflow.duration", "histogram", "s", ["gen_ai.workflow.name", "error.type"], [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200], "gen_ai_workflow_duration_seconds"],
      ["gen_ai.invoke_agent.duration", "histogram", "s", ["gen_ai.agent.name", "gen_ai.request.model", "error.type"], [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 102.4, 204.8, 409.6], "gen_ai_invoke_agent_duration_seconds"],
      ["gen_ai.execute_tool.duration", "histogram", "s", ["gen_ai.tool.name", "gen_ai.tool.type", "gen_ai.agent.name", "error.type"], DURATION, "gen_ai_execute_tool_duration_seconds"],
    ]);
    // The client and server metrics are v1.41's.
    expect(rows.slice(0, 7)).toEqual(table(presets.otelGenAI137()));
  });
});

describe("openlit: OpenLIT Python SDK py-1.37.1+, sdk/python/src/openlit/otel/metrics.py setup_meter and __helpers.py create_metrics_attributes", () => {
  const c = presets.openlit();
  it("the GenAI histograms plus gen_ai.usage.cost in USD (gen_ai_usage_cost_USD), with service.name, deployment.environment and telemetry.sdk.name on every point", () => {
    const names = table(c).map((r) => [r[0], r[5]]);
    expect(names).toContainEqual(["gen_ai.usage.cost", "gen_ai_usage_cost_USD"]);
    expect(names).toContainEqual(["gen_ai.client.operation.duration", "gen_ai_client_operation_duration_seconds"]);
    expect(names).toContainEqual(["gen_ai.client.operation.time_to_first_chunk", "gen_ai_client_operation_time_to_first_chunk_seconds"]);
    for (const m of c.metrics) expect(m.labels.slice(0, 3)).toEqual(["telemetry_sdk_name", "service_name", "deployment_environment"]);
    expect(c.signals.cost).toEqual({ series: { metric: "gen_ai_usage_cost_USD", part: "sum" } });
    // No request counter since py-1.37.1: requests are the duration histogram's count.
    expect(seriesName(c.signals.requests.series)).toBe("gen_ai_client_operation_duration_seconds_count");
    expect(c.labels.provider).toBe("gen_ai_provider_name");
  });
});

describe("openlit by release: py-1.36.9 renamed gen_ai.system (fe267296), py-1.37.1 removed the counters (06d2a871)", () => {
  it("before py-1.37.1 the catalogue has gen_ai_requests_total and the token counters Lab 3 queries; before py-1.36.9 the provider is gen_ai_system", () => {
    const old = presets.openlit({ release: "1.36.2" });
    const names = old.metrics.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(["gen_ai_requests_total", "gen_ai_usage_input_tokens_total", "gen_ai_usage_output_tokens_total", "gen_ai_usage_reasoning_tokens_total"]));
    expect(old.labels.provider).toBe("gen_ai_system");
    const mid = presets.openlit({ release: "py-1.37.0" });
    expect(mid.labels.provider).toBe("gen_ai_provider_name");
    expect(mid.metrics.map((m) => m.name)).toContain("gen_ai_requests_total");
    expect(presets.openlit({ release: "1.45.0" }).metrics.map((m) => m.name)).not.toContain("gen_ai_requests_total");
    expect(() => presets.openlit({ release: "latest" })).toThrow(/not an OpenLIT SDK version/);
  });
});

describe("lab: Lab 1 (instrumented agent) and Lab 2 (dashboards, alerts, SLOs)", () => {
  it("the llm_* and agent_* names Lab 2's queries use", () => {
    const c = presets.lab();
    expect(c.metrics.map((m) => [m.name, m.type, m.labels])).toEqual([
      ["llm_requests_total", "counter", ["model", "provider", "status", "app_id"]],
      ["llm_request_duration_seconds", "histogram", ["model", "provider", "app_id"]],
      ["llm_time_to_first_token_seconds", "histogram", ["model", "provider"]],
      ["llm_tokens_used_total", "counter", ["model", "provider", "type", "app_id"]],
      ["llm_cost_usd_total", "counter", ["model", "provider", "app_id", "department"]],
      ["llm_quality_score", "gauge", ["model", "app_id"]],
      ["agent_conversations_total", "counter", []],
      ["agent_messages_total", "counter", []],
    ]);
    expect(c.signals.tokens).toMatchObject({ typeLabel: "type", input: "prompt", output: "completion" });
    expect(c.signals.requests.errors).toEqual([{ label: "status", op: "=", value: "error" }]);
  });
});

describe("lab-dashboard: the LLM Observability Dashboard lab, Starter Code observability/metrics.py", () => {
  it("llm_requests_total, llm_latency_seconds (0.1–30 s), llm_tokens_total by direction, llm_cost_dollars_total, llm_errors_total, llm_quality_score", () => {
    const c = presets.labDashboard();
    expect(c.metrics.map((m) => [m.name, m.type, m.labels, m.buckets])).toEqual([
      ["llm_requests_total", "counter", ["model", "status", "app_id"], undefined],
      ["llm_latency_seconds", "histogram", ["model"], [0.1, 0.25, 0.5, 1, 2, 5, 10, 30]],
      ["llm_tokens_total", "counter", ["model", "direction", "app_id"], undefined],
      ["llm_cost_dollars_total", "counter", ["model", "department"], undefined],
      ["llm_errors_total", "counter", ["model", "error_type"], undefined],
      ["llm_quality_score", "gauge", ["app_id"], undefined],
    ]);
    expect(c.signals.tokens).toMatchObject({ typeLabel: "direction", input: "input", output: "output" });
    expect(c.signals.ttft).toBeUndefined();
    expect(c.labels.provider).toBeUndefined();
  });
});

describe("overrides and extensions", () => {
  it("override changes a field of one instrument; the rest stays", () => {
    const c = presets.lab({ override: { instruments: { llm_cost_usd: { unit: "USD" } } } });
    expect(c.metrics.find((m) => m.semantic?.name === "llm_cost_usd")?.name).toBe("llm_cost_usd_USD_total");
    expect(c.signals.cost?.series.metric).toBe("llm_cost_usd_USD_total");
  });
  it("override of labels renames a dimension (OpenLIT before py-1.36.9 sent gen_ai.system)", () => {
    expect(presets.openlit({ override: { labels: { provider: "gen_ai.system" } } }).labels.provider).toBe("gen_ai_system");
  });
  it("extend adds an instrument and the signal it carries", () => {
    const c = presets.otelGenAI137({
      extend: { instruments: [{ name: "app.quality.score", instrument: "gauge", unit: "", help: "q", attributes: ["gen_ai.request.model"], display: "short" }], signals: { quality: { metric: "app.quality.score" } } },
    });
    expect(c.signals.quality?.metric).toBe("app_quality_score");
  });
  it("an unknown instrument is a clear error", () => {
    expect(() => presets.lab({ override: { instruments: { llm_requestz: { unit: "1" } } } })).toThrow(UserError);
    expect(() => presets.lab({ override: { instruments: { llm_requestz: { unit: "1" } } } })).toThrow(/llm_requestz.*does not have/);
    expect(() => presets.otelGenAI137({ extend: { signals: { quality: { metric: "nope" } } } })).toThrow(/"nope", which is not in the preset/);
    expect(() => presets.lab({ translation: "Underscores" as never })).toThrow(/not a Prometheus translation strategy/);
  });
});
