/**
 * How an instrument's semantic name becomes a Prometheus metric name: the translation strategies
 * of Prometheus 3's OTLP receiver (`otlp.translation_strategy`) and of the Collector's Prometheus
 * exporters (`add_metric_suffixes`, `translation_strategy`), after prometheus/otlptranslator's
 * `MetricNamer` and `LabelNamer`:
 *
 * | strategy | `gen_ai.client.operation.duration` (s, histogram) | counter `llm_requests` | attribute `gen_ai.request.model` |
 * |---|---|---|---|
 * | UnderscoreEscapingWithSuffixes | `gen_ai_client_operation_duration_seconds` | `llm_requests_total` | `gen_ai_request_model` |
 * | UnderscoreEscapingWithoutSuffixes | `gen_ai_client_operation_duration` | `llm_requests` | `gen_ai_request_model` |
 * | NoUTF8EscapingWithSuffixes | `gen_ai.client.operation.duration_seconds` | `llm_requests_total` | `gen_ai.request.model` |
 * | NoTranslation | `gen_ai.client.operation.duration` | `llm_requests` | `gen_ai.request.model` |
 *
 * A histogram's series add `_bucket`, `_count` and `_sum` in every strategy. The two UTF-8
 * strategies give names only Prometheus 3 reads, in quoted selectors: `{"gen_ai.request.model"="x"}`.
 * Prometheus 3.5 accepts UnderscoreEscapingWithSuffixes (its default), NoUTF8EscapingWithSuffixes and
 * NoTranslation; UnderscoreEscapingWithoutSuffixes is what the Collector's exporters give with
 * `add_metric_suffixes: false`, and later Prometheus releases accept it too.
 */
export const TRANSLATIONS = [
  "UnderscoreEscapingWithSuffixes",
  "UnderscoreEscapingWithoutSuffixes",
  "NoUTF8EscapingWithSuffixes",
  "NoTranslation",
] as const;
export type Translation = (typeof TRANSLATIONS)[number];

/** Whether the strategy keeps names as UTF-8 (only Prometheus 3 reads them). */
export function keepsUtf8(t: Translation): boolean {
  return t === "NoUTF8EscapingWithSuffixes" || t === "NoTranslation";
}

function addsSuffixes(t: Translation): boolean {
  return t === "UnderscoreEscapingWithSuffixes" || t === "NoUTF8EscapingWithSuffixes";
}

/** What a name's translation depends on. */
export interface Instrument {
  /** The instrument's name as the application creates it: `gen_ai.client.operation.duration`, `llm_requests`. */
  name: string;
  instrument: "counter" | "gauge" | "histogram";
  /** UCUM unit as the instrument declares it: `s`, `{token}`, `USD`, `1`, or empty. */
  unit: string;
}

/** otlptranslator's unit words (`unitMap`); any other unit is kept as written. */
const UNIT_WORDS: Record<string, string> = {
  d: "days",
  h: "hours",
  min: "minutes",
  s: "seconds",
  ms: "milliseconds",
  us: "microseconds",
  ns: "nanoseconds",
  By: "bytes",
  KiBy: "kibibytes",
  MiBy: "mebibytes",
  GiBy: "gibibytes",
  TiBy: "tibibytes",
  KBy: "kilobytes",
  MBy: "megabytes",
  GBy: "gigabytes",
  TBy: "terabytes",
  m: "meters",
  V: "volts",
  A: "amperes",
  J: "joules",
  W: "watts",
  g: "grams",
  Cel: "celsius",
  Hz: "hertz",
  "1": "",
  "%": "percent",
};
/** Units after a `/` (`perUnitMap`). */
const PER_UNIT_WORDS: Record<string, string> = { s: "second", m: "minute", h: "hour", d: "day", w: "week", mo: "month", y: "year" };

/** A unit part as a name word: annotations (`{token}`) and blanks give none. */
function unitWord(part: string | undefined, words: Record<string, string>): string {
  const p = (part ?? "").trim();
  if (!p || /[{}]/.test(p)) return "";
  return (words[p] ?? p).replace(/[^a-zA-Z0-9:_]/g, "");
}

/** The main and per-unit words of a unit: `By/s` → `bytes`, `second`. */
function unitWords(unit: string): { main: string; per: string } {
  const slash = unit.indexOf("/");
  const main = slash < 0 ? unit : unit.slice(0, slash);
  const per = slash < 0 ? "" : unit.slice(slash + 1);
  return { main: unitWord(main, UNIT_WORDS), per: unitWord(per, PER_UNIT_WORDS) };
}

/** The metric name Prometheus stores for an instrument under a strategy (a histogram's base name). */
export function metricName(i: Instrument, t: Translation): string {
  if (t === "NoTranslation") return i.name;
  if (t === "UnderscoreEscapingWithoutSuffixes") return leadingDigit(i.name.split(/[^a-zA-Z0-9:_]+/).filter(Boolean).join("_"));
  const { main, per } = unitWords(i.unit);
  const counter = i.instrument === "counter";
  const ratio = i.unit === "1" && i.instrument === "gauge";
  if (t === "UnderscoreEscapingWithSuffixes") {
    let tokens = i.name.split(/[^a-zA-Z0-9:]+/).filter(Boolean);
    if (main && !tokens.includes(main)) tokens.push(main);
    if (per && !tokens.includes(per)) tokens.push("per", per);
    if (counter) tokens = [...tokens.filter((x) => x !== "total"), "total"];
    if (ratio) tokens = [...tokens.filter((x) => x !== "ratio"), "ratio"];
    return leadingDigit(tokens.join("_"));
  }
  // NoUTF8EscapingWithSuffixes: the name as written, suffixes appended where it does not end in them.
  let name = i.name;
  const add = (word: string) => {
    if (word && !name.endsWith(`_${word}`)) name += `_${word}`;
  };
  add(main);
  if (per) add(`per_${per}`);
  if (counter) add("total");
  if (ratio) add("ratio");
  return name;
}

function leadingDigit(name: string): string {
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The label name Prometheus stores for an attribute under a strategy. */
export function labelName(attribute: string, t: Translation): string {
  if (keepsUtf8(t)) return attribute;
  if (attribute.startsWith("__")) return attribute;
  const escaped = attribute.replace(/[^a-zA-Z0-9]/g, "_");
  if (/^[0-9]/.test(escaped)) return `key_${escaped}`;
  if (escaped.startsWith("_")) return `key${escaped}`;
  return escaped;
}

/** Whether a strategy adds `_total` and unit words, for documents that explain a name. */
export function describeTranslation(t: Translation): string {
  const utf8 = keepsUtf8(t) ? "UTF-8 names as written (Prometheus 3 only)" : "dots and other characters escaped to underscores";
  return `${t}: ${utf8}, ${addsSuffixes(t) ? "unit and _total suffixes added" : "no suffixes"}`;
}
