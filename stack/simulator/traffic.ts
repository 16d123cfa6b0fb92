/**
 * Simulated LLM requests: per-model latency, time to first token, tokens, cost and quality, with
 * switchable faults. Pure except for the random source, which callers pass in.
 */

export interface ModelProfile {
  model: string;
  provider: string;
  /** Share of traffic. */
  weight: number;
  /** Median request duration in seconds (log-normal). */
  medianSeconds: number;
  /** Median time to first token in seconds. */
  medianTtft: number;
  /** Mean prompt and completion tokens. */
  promptTokens: number;
  completionTokens: number;
  /** US dollars per million tokens. */
  inputPrice: number;
  outputPrice: number;
  /** Mean quality score, 0–5. */
  quality: number;
}

/** Prices per million tokens as published by the providers (the seeds' table). */
export const MODELS: ModelProfile[] = [
  { model: "gpt-4o-mini", provider: "openai", weight: 0.7, medianSeconds: 0.9, medianTtft: 0.25, promptTokens: 450, completionTokens: 220, inputPrice: 0.15, outputPrice: 0.6, quality: 4.2 },
  { model: "gpt-4o", provider: "openai", weight: 0.2, medianSeconds: 1.6, medianTtft: 0.4, promptTokens: 520, completionTokens: 300, inputPrice: 2.5, outputPrice: 10, quality: 4.6 },
  { model: "claude-3-5-sonnet", provider: "anthropic", weight: 0.1, medianSeconds: 1.9, medianTtft: 0.45, promptTokens: 500, completionTokens: 320, inputPrice: 3, outputPrice: 15, quality: 4.7 },
];

export const APPS = ["support-bot", "code-assistant"] as const;
export const DEPARTMENTS = ["support", "engineering"] as const;
export const ERROR_TYPES = ["timeout", "rate_limit", "server_error"] as const;

export interface Faults {
  /** Share of requests that fail, 0–1 (baseline 0.5%). */
  errors?: number;
  /** Requests and first tokens several times slower. */
  slow?: boolean;
  /** Cost per request twenty times higher. */
  costSpike?: boolean;
}

export interface SimulatedRequest {
  model: string;
  provider: string;
  app: string;
  department: string;
  ok: boolean;
  errorType: string;
  durationSeconds: number;
  ttftSeconds: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  quality: number;
  newConversation: boolean;
}

export type Random = () => number;

/** Standard normal draw (Box–Muller). */
function normal(rand: Random): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

const logNormal = (rand: Random, median: number, sigma: number) => median * Math.exp(sigma * normal(rand));

function pick<T extends { weight: number }>(rand: Random, items: T[]): T {
  let r = rand() * items.reduce((s, i) => s + i.weight, 0);
  for (const i of items) {
    r -= i.weight;
    if (r <= 0) return i;
  }
  return items[items.length - 1]!;
}

export function simulateRequest(rand: Random, faults: Faults): SimulatedRequest {
  const m = pick(rand, MODELS);
  const slow = faults.slow ? 5 : 1;
  const ok = rand() >= (faults.errors ?? 0.005);
  const appIndex = rand() < 0.7 ? 0 : 1;
  const promptTokens = Math.max(1, Math.round(m.promptTokens * (0.6 + 0.8 * rand())));
  const completionTokens = ok ? Math.max(1, Math.round(m.completionTokens * (0.5 + rand()))) : 0;
  const cost = ((promptTokens * m.inputPrice + completionTokens * m.outputPrice) / 1e6) * (faults.costSpike ? 20 : 1);
  const ttft = Math.min(logNormal(rand, m.medianTtft, 0.35) * slow, 30);
  return {
    model: m.model,
    provider: m.provider,
    app: APPS[appIndex]!,
    department: DEPARTMENTS[appIndex]!,
    ok,
    errorType: ok ? "" : ERROR_TYPES[Math.floor(rand() * ERROR_TYPES.length)]!,
    durationSeconds: Math.min(Math.max(ttft, logNormal(rand, m.medianSeconds, 0.4) * slow), 60),
    ttftSeconds: ttft,
    promptTokens,
    completionTokens,
    costUsd: cost,
    quality: Math.min(5, Math.max(0, m.quality + 0.4 * normal(rand) - (faults.slow ? 0.8 : 0))),
    newConversation: rand() < 0.25,
  };
}
