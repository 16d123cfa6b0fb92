/**
 * Synthetic input series for promtool tests: label sets that satisfy (or miss) a selection's
 * matchers, and counters that grow at a chosen rate.
 */
import type { Matcher } from "../../vocabulary/conventions.ts";
import type { Selection } from "../../model/types.ts";
import { exact } from "../../model/numbers.ts";
import { isLegacyMetricName, labelRef, quote } from "../../promql/build.ts";
import { matcherHolds } from "../../promql/regex.ts";

/** Strings a regex likely accepts: itself unescaped, with optional groups dropped, its first alternative. */
function regexCandidates(re: string): string[] {
  const plain = (s: string) => s.replace(/\([^()]*\)\?/g, "").replace(/\\(.)/g, "$1");
  // Then each alternative of a grouped alternation (`(5..|429)`), a `.` read as a digit.
  const alternatives = re.replace(/^\((.*)\)$/, "$1").split("|").flatMap((a) => [plain(a), plain(a).replace(/\./g, "0")]);
  return [plain(re), re.split("|")[0]!, plain(re.split("|")[0]!), re.replace(/[.*+?^${}()|[\]\\]/g, ""), ...alternatives, "x"];
}

function valueFor(m: Matcher): string | undefined {
  const candidates = m.op === "=" ? [m.value] : m.op === "!=" ? [m.value === "" ? "synthetic_error" : `not_${m.value}`, "synthetic"] : m.op === "=~" ? regexCandidates(m.value) : ["synthetic", "zz_synthetic"];
  return candidates.find((c) => matcherHolds(m, c));
}

export class SynthError extends Error {}

/** Labels of a series the selection selects. */
export function labelsFor(sel: Selection, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = { ...extra };
  for (const m of sel.matchers) {
    if (matcherHolds(m, out[m.label] ?? "")) continue;
    const v = valueFor(m);
    if (v === undefined) throw new SynthError(`cannot find a value of label ${m.label} that matches ${m.op}"${m.value}"`);
    out[m.label] = v;
  }
  for (const m of sel.matchers) {
    if (!matcherHolds(m, out[m.label] ?? "")) throw new SynthError(`matchers on ${m.label} contradict each other`);
  }
  for (const [k, v] of Object.entries(out)) if (v === "") delete out[k];
  return out;
}

/** Labels of a series inside `within` that `exclude`'s extra matchers do not select. */
export function labelsOutside(within: Selection, exclude: Matcher[]): Record<string, string> {
  const base = labelsFor(within);
  const m = exclude[0];
  if (!m) throw new SynthError("nothing to exclude");
  const flipped: Matcher = { ...m, op: ({ "=": "!=", "!=": "=", "=~": "!~", "!~": "=~" } as const)[m.op] };
  const v = flipped.op === "=" ? m.value : valueFor(flipped);
  if (v === undefined) throw new SynthError(`cannot find a value of label ${m.label} outside ${m.op}"${m.value}"`);
  const out = { ...base };
  if (v === "") delete out[m.label];
  else out[m.label] = v;
  return out;
}

/** A series in promtool's input notation; UTF-8 names in Prometheus 3's quoted form. */
export function seriesText(name: string, labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  const pairs = keys.map((k) => `${labelRef(k)}=${quote(labels[k]!)}`);
  if (isLegacyMetricName(name)) return pairs.length ? `${name}{${pairs.join(", ")}}` : name;
  return `{${[quote(name), ...pairs].join(", ")}}`;
}

/** Compact number for promtool's expanding notation. */
export function n(x: number): string {
  return String(exact(x));
}

/** A counter from 0 growing by `perStep` each interval for `steps` intervals. */
export function counter(perStep: number, steps: number): string {
  return `0+${n(perStep)}x${steps}`;
}

/** A gauge holding `value` for `steps` intervals. */
export function constant(value: number, steps: number): string {
  return `${n(value)}+0x${steps}`;
}
