import type { Conventions, MetricSpec } from "./conventions.ts";

export interface PresetOptions {
  /** Bucket bounds of the request duration histogram, as the application declares them. */
  durationBuckets?: number[];
  /** Bucket bounds of the time-to-first-token histogram. */
  ttftBuckets?: number[];
}

const LAB_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30];
const LAB_TTFT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5];

/**
 * The seeds' lab metrics: the instrumented agent's `llm_*` and `agent_*` counters, a duration
 * histogram and a quality gauge, scraped directly (`job` tells services apart).
 */
export function labPreset(opts: PresetOptions = {}): Conventions {
  const metrics: MetricSpec[] = [
    { name: "llm_requests_total", type: "counter", help: "LLM requests by outcome.", labels: ["model", "provider", "status", "app_id"], unit: "short" },
    { name: "llm_request_duration_seconds", type: "histogram", help: "LLM request duration.", labels: ["model", "provider", "app_id"], unit: "s", buckets: opts.durationBuckets ?? LAB_DURATION_BUCKETS },
    { name: "llm_time_to_first_token_seconds", type: "histogram", help: "Time until the first streamed token.", labels: ["model", "provider"], unit: "s", buckets: opts.ttftBuckets ?? LAB_TTFT_BUCKETS },
    { name: "llm_tokens_used_total", type: "counter", help: "Tokens used, by type (prompt or completion).", labels: ["model", "provider", "type", "app_id"], unit: "short" },
    { name: "llm_cost_usd_total", type: "counter", help: "Spend in US dollars.", labels: ["model", "provider", "app_id", "department"], unit: "currencyUSD" },
    { name: "llm_quality_score", type: "gauge", help: "Rolling response quality score (0–5).", labels: ["model", "app_id"], unit: "short" },
    { name: "agent_conversations_total", type: "counter", help: "Agent conversations started.", labels: [], unit: "short" },
    { name: "agent_messages_total", type: "counter", help: "Agent messages processed.", labels: [], unit: "short" },
  ];
  return {
    name: "lab",
    metrics,
    signals: {
      requests: {
        series: { metric: "llm_requests_total" },
        errors: [{ label: "status", op: "=", value: "error" }],
        successes: [{ label: "status", op: "=", value: "success" }],
      },
      duration: { metric: "llm_request_duration_seconds" },
      ttft: { metric: "llm_time_to_first_token_seconds" },
      tokens: { series: { metric: "llm_tokens_used_total" }, typeLabel: "type", input: "prompt", output: "completion" },
      cost: { series: { metric: "llm_cost_usd_total" } },
      quality: { metric: "llm_quality_score" },
      conversations: { series: { metric: "agent_conversations_total" } },
      messages: { series: { metric: "agent_messages_total" } },
    },
    labels: { model: "model", provider: "provider", app: "app_id", department: "department", service: "job" },
  };
}

/** Semantic-convention advice for `gen_ai.client.operation.duration`. */
const GENAI_DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
/** Semantic-convention advice for `gen_ai.server.time_to_first_token`. */
const GENAI_TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const GENAI_TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/**
 * The OpenTelemetry GenAI semantic conventions as the Collector's Prometheus exporter names them.
 * Cost, quality and conversations are not in the conventions; they use `gen_ai_*` custom names.
 */
export function otelGenAIPreset(opts: PresetOptions = {}): Conventions {
  const dims = ["gen_ai_request_model", "gen_ai_provider_name", "gen_ai_operation_name"];
  const metrics: MetricSpec[] = [
    { name: "gen_ai_client_operation_duration_seconds", type: "histogram", help: "GenAI operation duration (gen_ai.client.operation.duration).", labels: [...dims, "error_type"], unit: "s", buckets: opts.durationBuckets ?? GENAI_DURATION_BUCKETS },
    { name: "gen_ai_server_time_to_first_token_seconds", type: "histogram", help: "Time to first token (gen_ai.server.time_to_first_token).", labels: dims, unit: "s", buckets: opts.ttftBuckets ?? GENAI_TTFT_BUCKETS },
    { name: "gen_ai_client_token_usage", type: "histogram", help: "Tokens used per operation (gen_ai.client.token.usage).", labels: [...dims, "gen_ai_token_type"], unit: "short", buckets: GENAI_TOKEN_BUCKETS },
    { name: "gen_ai_usage_cost_USD", type: "histogram", help: "Spend per operation in US dollars (custom).", labels: [...dims, "app_id", "department"], unit: "currencyUSD", buckets: [0.0001, 0.001, 0.01, 0.1, 1] },
    { name: "gen_ai_quality_score", type: "gauge", help: "Rolling response quality score, 0–5 (custom).", labels: ["gen_ai_request_model", "app_id"], unit: "short" },
    { name: "gen_ai_agent_conversations_total", type: "counter", help: "Agent conversations started (custom).", labels: [], unit: "short" },
    { name: "gen_ai_agent_messages_total", type: "counter", help: "Agent messages processed (custom).", labels: [], unit: "short" },
  ];
  return {
    name: "otel-genai",
    metrics,
    signals: {
      requests: {
        series: { metric: "gen_ai_client_operation_duration_seconds", part: "count" },
        errors: [{ label: "error_type", op: "!=", value: "" }],
        successes: [{ label: "error_type", op: "=", value: "" }],
      },
      duration: { metric: "gen_ai_client_operation_duration_seconds" },
      ttft: { metric: "gen_ai_server_time_to_first_token_seconds" },
      tokens: { series: { metric: "gen_ai_client_token_usage", part: "sum" }, typeLabel: "gen_ai_token_type", input: "input", output: "output" },
      cost: { series: { metric: "gen_ai_usage_cost_USD", part: "sum" } },
      quality: { metric: "gen_ai_quality_score" },
      conversations: { series: { metric: "gen_ai_agent_conversations_total" } },
      messages: { series: { metric: "gen_ai_agent_messages_total" } },
    },
    labels: { model: "gen_ai_request_model", provider: "gen_ai_provider_name", app: "app_id", department: "department", service: "job", errorType: "error_type" },
  };
}

export const presets = { lab: labPreset, otelGenAI: otelGenAIPreset };
