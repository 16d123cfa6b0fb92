/**
 * The one place PromQL text is put together: label values escaped, matchers and windows
 * rendered. Targets compose these instead of concatenating queries themselves.
 */
import type { Matcher } from "./types.ts";
import type { Selection } from "./types.ts";

/** A double-quoted PromQL string literal. */
export function quote(value: string): string {
  if (!/[\\"\n]/.test(value)) return `"${value}"`;
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

const LEGACY_METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Whether Prometheus 2 can read the name (`[a-zA-Z_:][a-zA-Z0-9_:]*`); others need Prometheus 3's quoted form. */
export function isLegacyMetricName(name: string): boolean {
  return LEGACY_METRIC.test(name);
}

/**
 * A label's value in a Prometheus alert template: `{{ $labels.model }}`; a name that is no Go
 * identifier (`gen_ai.request.model`, UTF-8 strategies) goes through `index`.
 */
export function labelTemplate(label: string): string {
  return LEGACY_LABEL.test(label) ? `{{ $labels.${label} }}` : `{{ index $labels ${quote(label)} }}`;
}

/** A label name as PromQL writes it: quoted when it is not a legacy name (`"gen_ai.request.model"`, Prometheus 3 only). */
export function labelRef(label: string): string {
  return LEGACY_LABEL.test(label) ? label : quote(label);
}

/** A `by (…)` / `without (…)` / `on (…)` list. */
export function labelList(labels: string[]): string {
  return labels.map(labelRef).join(", ");
}

export function matcher(m: Matcher): string {
  return `${labelRef(m.label)}${m.op}${quote(m.value)}`;
}

/** `name{a="b",c!=""}`; equal matchers on the same label are kept once. */
export function selector(sel: Selection): string {
  const ms = sel.matchers;
  // A UTF-8 metric name is written as the first, quoted, element of the braces (Prometheus 3).
  const utf8 = sel.series !== "" && !LEGACY_METRIC.test(sel.series);
  if (!ms.length) return utf8 ? `{${quote(sel.series)}}` : sel.series;
  let out = "";
  // A handful of matchers at most: comparing each with those before it beats hashing them.
  next: for (let i = 0; i < ms.length; i++) {
    const m = ms[i]!;
    for (let j = 0; j < i; j++) {
      const o = ms[j]!;
      if (o.label === m.label && o.op === m.op && o.value === m.value) continue next;
    }
    out += (out ? "," : "") + matcher(m);
  }
  return utf8 ? `{${quote(sel.series)}, ${out}}` : `${sel.series}{${out}}`;
}

export function withMatchers(sel: Selection, extra: Matcher[]): Selection {
  return { series: sel.series, matchers: [...sel.matchers, ...extra] };
}

export const eq = (label: string, value: string): Matcher => ({ label, op: "=", value });

/** `le` bound that matches both `3` and the `3.0` Prometheus 3 normalizes it to. */
export function leMatcher(bound: number): Matcher {
  const text = String(bound);
  if (Number.isInteger(bound)) return { label: "le", op: "=~", value: `${text}(\\.0)?` };
  return { label: "le", op: "=~", value: text.replace(/\./g, "\\.") };
}

export function rangeFn(fn: "rate" | "increase" | "avg_over_time" | "sum_over_time" | "count_over_time" | "max_over_time", expr: string, window: string): string {
  return `${fn}(${expr}[${window}])`;
}

export function rate(sel: Selection, window: string): string {
  return rangeFn("rate", selector(sel), window);
}

/** `sum by (a, b) (expr)`; `sum(expr)` without labels. */
export function sum(expr: string, by: string[] = []): string {
  return by.length ? `sum by (${labelList(by)}) (${expr})` : `sum(${expr})`;
}

export function sumRate(sel: Selection, window: string, by: string[] = []): string {
  return sum(rate(sel, window), by);
}

/** Wrap for use as an operand unless it is already atomic: a selector, a call or a parenthesized whole. */
export function paren(expr: string): string {
  if (/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^{}]*\})?$/.test(expr)) return expr;
  // `f(…)` or `sum by (a, b) (…)`: the call's parenthesis must close at the very end.
  const m = /^([a-z_]*(?: (?:by|without) \([^()]*\) )?)\(/.exec(expr);
  if (m && closesAtEnd(expr, m[1]!.length)) return expr;
  return `(${expr})`;
}

/** True when the parenthesis opened at `open` closes at the very end (string literals skipped). */
function closesAtEnd(expr: string, open: number): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i === expr.length - 1;
  }
  return false;
}

export function div(a: string, b: string): string {
  return `${paren(a)} / ${paren(b)}`;
}

/**
 * Bad events from a bad-events query: 0, not absent, while no bad series exists yet. `or`
 * matches on every label, so a group without bad events gets 0 with its own total labels.
 */
export function badEvents(bad: string, total: string): string {
  return `(${paren(bad)} or 0 * ${paren(total)})`;
}

/**
 * Bad events from a good-events query: a group whose good series does not exist yet (every
 * request failed) has no good events, so all of its events are bad instead of none.
 */
export function badFromGood(good: string, total: string): string {
  return `(${paren(total)} - (${paren(good)} or 0 * ${paren(total)}))`;
}

/** A sum of error rates that is 0, not absent, when no error series exists yet. */
export function orZero(expr: string): string {
  return `(${expr} or vector(0))`;
}

/** Substitute Sloth's `{{.window}}` placeholder. */
export function fillWindow(template: string, window: string): string {
  return template.replace(/\{\{\s*\.window\s*\}\}/g, window);
}

/** Sloth's `{{.window}}` placeholder, filled with each alert window (or a time slice). */
export const WINDOW = "{{.window}}";

/** Whether a query already carries the `{{.window}}` placeholder. */
export function hasWindow(query: string): boolean {
  return /\{\{\s*\.window\s*\}\}/.test(query);
}

/**
 * The per-second increase of a counter selector over `window`, its modifiers after the range:
 * `rate(x[1h] offset 5m)`. A counter written bare (`http_requests_total{code=~"5.."}`) counts
 * its events this way over every window.
 */
export function counterRate(sel: string, window: string, modifiers = ""): string {
  return `rate(${sel}[${window}]${modifiers ? ` ${modifiers}` : ""})`;
}

/** The average over `window` of an instant vector, sampled at every rule evaluation: `avg_over_time((expr)[1h:])`. */
export function windowAvg(expr: string, window: string): string {
  return `avg_over_time(${paren(expr)}[${window}:])`;
}

/** 1 where `expr op value` holds, else 0: `(expr <= bool 0.5)`. */
export function holds(expr: string, op: "<" | "<=" | ">" | ">=", value: number): string {
  return `(${paren(expr)} ${op} bool ${value})`;
}

/** The complement of a ratio: errors from successes and back, `1 - (ratio)`. */
export function complement(ratio: string): string {
  return `1 - ${paren(ratio)}`;
}

/** A ratio without its NaN samples (0 / 0, a window without events): `(ratio >= 0)`. */
export function known(ratio: string): string {
  return `(${paren(ratio)} >= 0)`;
}

/**
 * The error ratio of bad (or good) and total event queries, a missing series read as the
 * counter SLIs read it: no bad series is no errors, no good series is every event an error.
 */
export function eventsErrorRatio(events: { bad: string; total: string } | { good: string; total: string }): string {
  const errors = "bad" in events ? badEvents(events.bad, events.total) : badFromGood(events.good, events.total);
  return div(errors, events.total);
}
