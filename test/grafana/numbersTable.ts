/**
 * What every panel target of the generated dashboards must show on the world of
 * numbersWorld.ts, written from what the panel means to the engineer reading it, never by
 * running its query. Keyed `uid | panel title | refId`. `all` is the reading with every variable
 * at All; `one` with the variables at ONE_VALUE (a panel repeated over a variable is drawn once
 * per value even at All: there `all` reads the copy of REPEAT_VALUE).
 *
 * A reading is a number (one series without labels), or the series with their labels; [] is No
 * data.
 */

type Labels = Record<string, string>;
export interface Sample {
  labels: Labels;
  value: number;
}
export type Reading = number | Sample[];
export interface Expectation {
  all: Reading;
  /** Required when the query takes a variable; the same as `all` when none applies. */
  one?: Reading;
}

/** The selection of the "one value" case. */
export const ONE_VALUE: Record<string, string> = {
  service: "llm-agent",
  model: "gpt-4o",
  provider: "openai",
  app: "chatbot",
  department: "search",
};
/** At All, a panel repeated over one of these shows this value's copy too. */
export const REPEAT_VALUE: Record<string, string> = { model: "claude-3-5-sonnet" };

export const MACROS: Record<string, string> = { $__rate_interval: "5m", $__range: "1h", $__interval: "1m" };

const GPT = "gpt-4o";
const CLAUDE = "claude-3-5-sonnet";
const byModel = (gpt: number, claude?: number): Sample[] => [{ labels: { model: GPT }, value: gpt }, ...(claude === undefined ? [] : [{ labels: { model: CLAUDE }, value: claude }])];
const onlyGpt = (gpt: number): Sample[] => byModel(gpt);

export const TABLE = new Map<string, Expectation>();
const at = (uid: string, title: string, refId: string, e: Expectation) => {
  const key = `${uid} | ${title} | ${refId}`;
  if (TABLE.has(key)) throw new Error(`${key} is in the table twice`);
  TABLE.set(key, e);
};

// ---------------------------------------------------------------------------------------------
// LLMOps Overview. All: 10 requests/s, 0.36 of them failing; gpt-4o alone: 6/s, 0.36 failing.
{
  const d = "llmops-overview";
  at(d, "Request rate", "A", { all: 10, one: 6 });
  at(d, "Error rate", "A", { all: 0.036, one: 0.06 });
  // All: 570th of 600 per minute falls between 548 (≤3 s) and 580 (≤5 s): 3 + 2 × 22/32.
  // gpt-4o: 342nd of 360 between 324 and 348: 3 + 2 × 18/24.
  at(d, "P95 latency", "A", { all: 4.375, one: 4.5 });
  // All: 570th of 600 between 540 (≤1 s) and 600 (≤2 s); gpt-4o: 342nd of 360 between 320 and 360.
  at(d, "Time to first token P95", "A", { all: 1.5, one: 1.55 });
  // 0.00192 USD/s in all, 0.00126 of it gpt-4o's.
  at(d, "Cost per hour", "A", { all: 6.912, one: 4.536 });
  // One target of job llm-agent, up; none down.
  at(d, "Targets up", "A", { all: 1 });
  at(d, "Targets up", "B", { all: 0 });
  // Firing: availability (page), cost per request and quality (ticket); pending: availability
  // and time to first token (ticket). The providers' OpenAI page is another service's.
  at(d, "Alerts firing", "A", { all: 3 });
  at(d, "Alerts firing", "B", { all: 2 });
  // The SLO with the least budget left: tokens per request, 25% over its budget.
  at(d, "SLO budget left", "A", { all: -0.25 });
  // Over the last hour: 9.64 successes/s in all, 5.64 of gpt-4o.
  at(d, "Successful requests", "A", { all: 9.64 * 3600, one: 5.64 * 3600 });
  at(d, "Spend in range", "A", { all: 6.912, one: 4.536 });
  // 18.25 s of request time per second over 10 requests; gpt-4o 12 s over 6.
  at(d, "Average response time", "A", { all: 1.825, one: 2 });
  // Prompt and completion tokens, never the recorded total: 5800 + 1700; gpt-4o 3000 + 1200.
  at(d, "Token usage rate", "A", { all: 7500, one: 4200 });
  at(d, "Success and error rate", "A", { all: 0.964, one: 0.94 });
  at(d, "Success and error rate", "B", { all: 0.036, one: 0.06 });
  // P50: 300th of 600 between 240 (≤1 s) and 390 (≤2 s); gpt-4o 180th of 360 between 120 and 240.
  at(d, "Latency P50 / P95 / P99", "A", { all: 1.4, one: 1.5 });
  at(d, "Latency P50 / P95 / P99", "B", { all: 4.375, one: 4.5 });
  // P99: 594th of 600 between 580 (≤5 s) and 600 (≤10 s); gpt-4o 356.4th between 348 and 360.
  at(d, "Latency P50 / P95 / P99", "C", { all: 8.5, one: 8.5 });
  at(d, "Token usage", "A", { all: 5800, one: 3000 });
  at(d, "Token usage", "B", { all: 1700, one: 1200 });
  at(d, "Prompt and completion tokens per request", "A", { all: 580, one: 500 });
  at(d, "Prompt and completion tokens per request", "B", { all: 170, one: 200 });
  // Requests over the last hour, per model.
  at(d, "Model usage distribution", "A", { all: byModel(6 * 3600, 4 * 3600), one: onlyGpt(6 * 3600) });
  // These counters carry no model label: the selection does not apply.
  at(d, "Conversations and messages", "A", { all: 0.5, one: 0.5 });
  at(d, "Conversations and messages", "B", { all: 2, one: 2 });
}

// ---------------------------------------------------------------------------------------------
// LLM Performance.
{
  const d = "llm-performance";
  // P50: 300th of 600 between 240 (≤0.25 s) and 440 (≤0.5 s); gpt-4o 180th of 360 between 144 and 288.
  at(d, "Time to first token", "A", { all: 0.325, one: 0.3125 });
  at(d, "Time to first token", "B", { all: 1.5, one: 1.55 });
  // Completion tokens per second of request time: gpt-4o 1200 / 12, claude 500 / 6.25.
  at(d, "Token generation rate", "A", { all: byModel(100, 80), one: onlyGpt(100) });
  at(d, "Request volume", "A", { all: byModel(6, 4), one: onlyGpt(6) });
  // Lab conventions name no error type: all failures as one line (only gpt-4o fails).
  at(d, "Errors by type", "A", { all: 0.36, one: 0.36 });
  // Requests per second at or under each bound (cumulative per minute / 60).
  const buckets = (perMinute: number[]): Sample[] =>
    ["0.1", "0.25", "0.5", "1.0", "2.0", "3.0", "5.0", "10.0", "30.0", "+Inf"].map((le, i) => ({ labels: { le }, value: perMinute[i]! / 60 }));
  at(d, "Request duration distribution", "A", {
    all: buckets([0, 0, 60, 240, 390, 548, 580, 600, 600, 600]),
    one: buckets([0, 0, 0, 120, 240, 324, 348, 360, 360, 360]),
  });
  at(d, "Token consumption vs cost", "A", { all: 7500, one: 4200 });
  at(d, "Token consumption vs cost", "B", { all: 6.912, one: 4.536 });
}

// ---------------------------------------------------------------------------------------------
// LLM Cost. One value adds department="search": gpt-4o spends 0.0009 USD/s there.
{
  const d = "llm-cost";
  // 2.5 hours into January at 6.912 USD/hour; the selection does not apply to the recorded spend.
  at(d, "Spend this month", "A", { all: 2.5 * 6.912, one: 2.5 * 6.912 });
  // All of January's 31 days at that rate.
  at(d, "Forecast month-end spend", "A", { all: 31 * 24 * 6.912, one: 31 * 24 * 6.912 });
  // Requests carry no department: both ratios are over every department of the selection.
  at(d, "Cost per request", "A", { all: 0.00192 / 10, one: 0.00126 / 6 });
  at(d, "Cost per 1K tokens", "A", { all: (0.00192 / 7500) * 1000, one: (0.00126 / 4200) * 1000 });
  const row = (department: string, app_id: string, model: string, usdPerSecond: number): Sample => ({ labels: { department, app_id, model }, value: usdPerSecond * 3600 });
  at(d, "Cost by department, app and model", "A", {
    all: [row("search", "chatbot", GPT, 0.0009), row("support", "chatbot", GPT, 0.00036), row("support", "chatbot", CLAUDE, 0.00016), row("search", "summarizer", CLAUDE, 0.0005)],
    one: [row("search", "chatbot", GPT, 0.0009)],
  });
  at(d, "Cost per hour by model", "A", { all: byModel(0.00126 * 3600, 0.00066 * 3600), one: onlyGpt(0.0009 * 3600) });
}

// ---------------------------------------------------------------------------------------------
// LLM Quality. Scores: gpt-4o in chatbot 4.2, claude in chatbot 4.6, claude in summarizer 3.8.
{
  const d = "llm-quality";
  const quality = { llmops_service: "llm-agent", llmops_slo: "quality" };
  at(d, "Quality score per app", "A", {
    all: [
      { labels: { app_id: "chatbot" }, value: 4.4 },
      { labels: { app_id: "summarizer" }, value: 3.8 },
    ],
    one: [{ labels: { app_id: "chatbot" }, value: 4.2 }],
  });
  at(d, "Quality SLO", "A", { all: [{ labels: quality, value: 0.99 }] });
  at(d, "Quality error budget remaining", "A", { all: [{ labels: quality, value: 0.8 }] });
  at(d, "Quality score over time", "A", {
    all: [
      { labels: { app_id: "chatbot", model: GPT }, value: 4.2 },
      { labels: { app_id: "chatbot", model: CLAUDE }, value: 4.6 },
      { labels: { app_id: "summarizer", model: CLAUDE }, value: 3.8 },
    ],
    one: [{ labels: { app_id: "chatbot", model: GPT }, value: 4.2 }],
  });
}

// ---------------------------------------------------------------------------------------------
// LLM models compared: gpt-4o 6 requests/s (6% failing), claude 4/s (none failing).
{
  const d = "llm-models-compared";
  // P95: gpt-4o 342nd of 360 between 324 (≤3 s) and 348 (≤5 s); claude 228th of 240 between 224 and 232.
  // Time to first token P95: gpt-4o between 320 (≤1 s) and 360; claude 228th between 220 and 240.
  // Tokens per request: gpt-4o 700; claude (1100 + 2200) / 4.
  const signals: [string, Sample[], Sample[]][] = [
    ["A", byModel(6, 4), onlyGpt(6)],
    ["B", byModel(0.06, 0), onlyGpt(0.06)],
    ["C", byModel(4.5, 4), onlyGpt(4.5)],
    ["D", byModel(1.55, 1.4), onlyGpt(1.55)],
    ["E", byModel(700, 825), onlyGpt(700)],
    ["F", byModel(0.00021, 0.00066 / 4), onlyGpt(0.00021)],
  ];
  for (const [refId, all, one] of signals) at(d, "Model scorecard", refId, { all, one });
  const panels = ["Requests per second by model", "Failed share of requests by model", "P95 request duration by model", "Time to first token P95 by model", "Prompt and completion tokens per request by model", "Cost per request by model"];
  panels.forEach((title, i) => at(d, title, "A", { all: signals[i]![1], one: signals[i]![2] }));
}

// ---------------------------------------------------------------------------------------------
// SLO dashboards and SLO lists: what each SLO's recordings (numbersWorld.ts) say.

type Tier = "page" | "ticket";
interface SloReadings {
  service: string;
  slo: string;
  labels: Labels;
  /** The period as the dashboard names it. */
  period: string;
  sli5m: number;
  sli1h: number;
  sliPeriod: number;
  objective: number;
  budgetLeft: number;
  burnNow: number;
  /** Seconds until the budget left is gone at the burn rate now. */
  exhaustedIn: number;
  /** [tier, short window, long window, factor, short burn, long burn, state 0 below / 1 over / 2 firing]. */
  pairs: [Tier, string, string, string, number, number, 0 | 1 | 2][];
  firing: Tier[];
  pending: Tier[];
  /** Event SLIs: events per second over the last 5m, [all, good, bad]. */
  events?: [number, number, number];
  /** Timeslice SLIs: the last slice's measured value. */
  measure?: number;
}

const DAY = 86400;
const SLO_READINGS: SloReadings[] = [
  {
    // 3.6% of requests failing: 7.2 times the 0.5% budget. 80% of the budget left lasts 0.8 × 30 d / 7.2.
    service: "llm-agent",
    slo: "availability",
    labels: {},
    period: "30d",
    sli5m: 0.964,
    sli1h: 0.964,
    sliPeriod: 0.999,
    objective: 0.995,
    budgetLeft: 0.8,
    burnNow: 7.2,
    exhaustedIn: (0.8 * 30 * DAY) / 7.2,
    pairs: [
      ["page", "5m", "1h", "14.4", 7.2, 7.2, 0],
      ["page", "30m", "6h", "6", 7.2, 7.2, 2],
      ["ticket", "2h", "1d", "3", 7.2, 2.4, 0],
      ["ticket", "6h", "3d", "1", 7.2, 1.2, 1],
    ],
    firing: ["page"],
    pending: ["ticket"],
    events: [10, 9.64, 0.36],
  },
  {
    // 10% slow against a 5% budget: burning at 2, 40% left, gone in 6 days; no pair over its factor.
    service: "llm-agent",
    slo: "latency",
    labels: {},
    period: "30d",
    sli5m: 0.9,
    sli1h: 0.9,
    sliPeriod: 0.97,
    objective: 0.95,
    budgetLeft: 0.4,
    burnNow: 2,
    exhaustedIn: 6 * DAY,
    pairs: [
      ["page", "5m", "1h", "14.4", 2, 2, 0],
      ["page", "30m", "6h", "6", 2, 1.6, 0],
      ["ticket", "2h", "1d", "3", 2, 1, 0],
      ["ticket", "6h", "3d", "1", 1.6, 0.8, 0],
    ],
    firing: [],
    pending: [],
    events: [10, 9, 1],
  },
  {
    // Clean for the last 2 hours after 3 bad hours: nothing burns now, so the budget lasts; the
    // 6h/3d ticket pair is over its factor and its alert fires.
    service: "llm-agent",
    slo: "cost-per-request",
    labels: {},
    period: "30d",
    sli5m: 1,
    sli1h: 1,
    sliPeriod: 0.98,
    objective: 0.9,
    budgetLeft: 0.8,
    burnNow: 0,
    exhaustedIn: Infinity,
    pairs: [
      ["ticket", "2h", "1d", "3", 0, 1.25, 0],
      ["ticket", "6h", "3d", "1", 5, 1.5, 2],
    ],
    firing: ["ticket"],
    pending: [],
    measure: 0.000192,
  },
  {
    // The budget is spent (25% over): exhausted now, even though nothing burns.
    service: "llm-agent",
    slo: "tokens-per-request",
    labels: {},
    period: "30d",
    sli5m: 1,
    sli1h: 1,
    sliPeriod: 0.75,
    objective: 0.8,
    budgetLeft: -0.25,
    burnNow: 0,
    exhaustedIn: 0,
    pairs: [
      ["ticket", "2h", "1d", "3", 0, 0.5, 0],
      ["ticket", "6h", "3d", "1", 0, 1.5, 0],
    ],
    firing: [],
    pending: [],
    measure: 750,
  },
  {
    // 10% of first tokens over 1 s: burning at 2, 60% left, gone in 9 days; the 6h/3d ticket pair
    // is over its factor, its alert pending.
    service: "llm-agent",
    slo: "time-to-first-token",
    labels: {},
    period: "30d",
    sli5m: 0.9,
    sli1h: 0.9,
    sliPeriod: 0.98,
    objective: 0.95,
    budgetLeft: 0.6,
    burnNow: 2,
    exhaustedIn: 9 * DAY,
    pairs: [
      ["page", "5m", "1h", "14.4", 2, 2, 0],
      ["page", "30m", "6h", "6", 2, 1.2, 0],
      ["ticket", "2h", "1d", "3", 2, 0.8, 0],
      ["ticket", "6h", "3d", "1", 1.2, 1.2, 1],
    ],
    firing: [],
    pending: ["ticket"],
    events: [10, 9, 1],
  },
  {
    // Recovering: the last slice is good, both ticket pairs are over their factors and firing.
    service: "llm-agent",
    slo: "quality",
    labels: {},
    period: "30d",
    sli5m: 1,
    sli1h: 0.75,
    sliPeriod: 0.99,
    objective: 0.95,
    budgetLeft: 0.8,
    burnNow: 0,
    exhaustedIn: Infinity,
    pairs: [
      ["page", "5m", "1h", "14.4", 0, 5, 0],
      ["page", "30m", "6h", "6", 2, 10, 0],
      ["ticket", "2h", "1d", "3", 10, 5, 2],
      ["ticket", "6h", "3d", "1", 10, 2, 2],
    ],
    firing: ["ticket"],
    pending: [],
    measure: 4.2,
  },
  {
    // 6% of OpenAI requests failing: 12 times the budget; 60% left lasts 0.6 × 30 d / 12 = 1.5 d.
    service: "llm-providers",
    slo: "openai-availability",
    labels: { team: "llm-platform" },
    period: "30d",
    sli5m: 0.94,
    sli1h: 0.94,
    sliPeriod: 0.998,
    objective: 0.995,
    budgetLeft: 0.6,
    burnNow: 12,
    exhaustedIn: 1.5 * DAY,
    pairs: [
      ["page", "5m", "1h", "14.4", 12, 12, 0],
      ["page", "30m", "6h", "6", 12, 8, 2],
      ["ticket", "2h", "1d", "3", 12, 2, 0],
      ["ticket", "6h", "3d", "1", 8, 0.8, 0],
    ],
    firing: ["page"],
    pending: [],
    events: [6, 5.64, 0.36],
  },
  {
    // No Anthropic request fails: nothing burns, 90% of the 28-day budget left, lasting.
    service: "llm-providers",
    slo: "anthropic-availability",
    labels: {},
    period: "28d",
    sli5m: 1,
    sli1h: 1,
    sliPeriod: 0.9995,
    objective: 0.995,
    budgetLeft: 0.9,
    burnNow: 0,
    exhaustedIn: Infinity,
    pairs: [
      ["page", "5m", "1h", "14.4", 0, 0, 0],
      ["ticket", "2h", "1d", "2", 0, 0.4, 0],
    ],
    firing: [],
    pending: [],
    events: [4, 4, 0],
  },
];

for (const r of SLO_READINGS) {
  const d = `slo-${r.service}-${r.slo}`;
  const id = { llmops_service: r.service, llmops_slo: r.slo };
  const own = (value: number): Sample[] => [{ labels: { ...r.labels, ...id }, value }];
  at(d, "SLI (last 5m)", "A", { all: own(r.sli5m) });
  at(d, `SLI (${r.period})`, "A", { all: own(r.sliPeriod) });
  at(d, "Objective", "A", { all: own(r.objective) });
  at(d, "Error budget remaining", "A", { all: own(r.budgetLeft) });
  at(d, "Burn rate now", "A", { all: own(r.burnNow) });
  at(d, "Budget exhausted in", "A", { all: own(r.exhaustedIn) });
  at(d, "Burn-rate alerts firing / pending", "A", { all: r.firing.length });
  at(d, "Burn-rate alerts firing / pending", "B", { all: r.pending.length });
  at(d, `Error budget burn-down (${r.period})`, "A", { all: own(r.budgetLeft) });
  at(d, "SLI over time", "A", { all: own(r.sli5m) });
  at(d, "SLI over time", "B", { all: own(r.sli1h) });
  at(d, "Burn rate over time", "A", { all: own(r.burnNow) });
  const pair = (column: 4 | 5 | 6): Sample[] =>
    r.pairs.map((p) => ({ labels: { llmops_tier: p[0], short_window: p[1], long_window: p[2], factor: p[3] }, value: p[column] }));
  at(d, "Alert window pairs", "A", { all: pair(4) });
  at(d, "Alert window pairs", "B", { all: pair(5) });
  at(d, "Alert window pairs", "C", { all: pair(6) });
  const tiers = [...new Set(r.pairs.map((p) => p[0]))];
  at(d, "Burn-rate alerts", "A", {
    all: tiers.flatMap((tier) =>
      (["firing", "pending"] as const).map((alertstate) => ({ labels: { llmops_tier: tier, alertstate }, value: r[alertstate].includes(tier) ? 1 : 0 })),
    ),
  });
  if (r.events) ["A", "B", "C"].forEach((refId, i) => at(d, "Good and total events", refId, { all: own(r.events![i]!) }));
  if (r.measure !== undefined) at(d, "Measured value per slice", "A", { all: own(r.measure) });
}

for (const service of ["llm-agent", "llm-providers"]) {
  const d = `slos-${service}`;
  const rows = SLO_READINGS.filter((r) => r.service === service);
  const column = (value: (r: SloReadings) => number, extra: (r: SloReadings) => Labels = () => ({})): Sample[] =>
    rows.map((r) => ({ labels: { llmops_service: r.service, llmops_slo: r.slo, ...extra(r) }, value: value(r) }));
  const title = `SLOs of ${service}`;
  at(d, title, "A", { all: column((r) => r.objective, (r) => ({ window: r.period, dashboard: `slo-${r.service}-${r.slo}` })) });
  at(d, title, "B", { all: column((r) => r.sliPeriod) });
  at(d, title, "C", { all: column((r) => r.budgetLeft) });
  at(d, title, "D", { all: column((r) => r.burnNow) });
  at(d, title, "E", { all: column((r) => r.firing.length) });
}
