/**
 * The part of Prometheus' alert templating (Go text/template plus its functions) that generated
 * annotations use, so tests can state the exact text an alert will carry. Anything else is
 * refused rather than guessed.
 */
import { memo } from "../memo.ts";

/** Go's `%.<prec>g`: shortest of %e/%f at that precision, trailing zeros removed. */
export function goG(x: number, prec = 4): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  if (x === 0) return "0";
  const [mant, expText] = x.toExponential(prec - 1).split("e") as [string, string];
  const exp = Number(expText);
  const strip = (s: string) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (exp < -4 || exp >= prec) {
    return `${strip(mant)}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return strip(x.toFixed(Math.max(0, prec - 1 - exp)));
}

/** Go's `%v` of a float64: shortest digits, exponent outside [1e-4, 1e21). */
export function goV(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  if (x === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4 || exp >= 21) {
    const [m, e] = x.toExponential().split("e") as [string, string];
    const n = Number(e);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  return String(x);
}

export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return goG(v);
  if (Math.abs(v) >= 1) {
    let prefix = "";
    for (const p of ["k", "M", "G", "T", "P", "E", "Z", "Y"]) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return `${goG(v)}${prefix}`;
  }
  let prefix = "";
  for (const p of ["m", "u", "n", "p", "f", "a", "z", "y"]) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${goG(v)}${prefix}`;
}

export function humanizePercentage(v: number): string {
  return `${goG(v * 100)}%`;
}

export function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return goG(v);
  if (v === 0) return `${goG(v)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? "-" : "";
    const a = Math.abs(v);
    const d = Math.trunc(a);
    const s = d % 60;
    const m = Math.trunc(d / 60) % 60;
    const h = Math.trunc(d / 3600) % 24;
    const days = Math.trunc(d / 86400);
    if (days) return `${sign}${days}d ${h}h ${m}m ${s}s`;
    if (h) return `${sign}${h}h ${m}m ${s}s`;
    if (m) return `${sign}${m}m ${s}s`;
    return `${sign}${goG(a)}s`;
  }
  let prefix = "";
  for (const p of ["m", "u", "n", "p", "f", "a", "z", "y"]) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${goG(v)}${prefix}s`;
}

const FUNCS: Record<string, (v: number) => string> = { humanize, humanizePercentage, humanizeDuration };

export class TemplateUnsupported extends Error {}

type Part = string | ((labels: Record<string, string>, value: number) => string);

/** The action `{{ body }}` as a function of the sample. */
function action(body: string): Part {
  const label = /^\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(body) ?? /^index \$labels "([^"]+)"$/.exec(body);
  if (label) {
    const name = label[1]!;
    return (labels) => labels[name] ?? "";
  }
  if (body === "$value") return (_l, value) => goV(value);
  const fn = /^\$value \| ([a-zA-Z]+)$/.exec(body);
  const f = fn && Object.hasOwn(FUNCS, fn[1]!) ? FUNCS[fn[1]!] : undefined;
  if (f) return (_l, value) => f(value);
  const printf = /^\$value \| printf "%\.(\d)f"$/.exec(body) ?? /^printf "%\.(\d)f" \$value$/.exec(body);
  if (printf) {
    const digits = Number(printf[1]);
    return (_l, value) => value.toFixed(digits);
  }
  throw new TemplateUnsupported(`template action {{ ${body} }} is not supported in generated tests`);
}

/** Templates split into text and actions once: tests render the same annotations many times. */
const compiled = new Map<string, Part[]>();
function compileTemplate(text: string): Part[] {
  return memo(compiled, text, () => {
    const parts: Part[] = [];
    let at = 0;
    for (const m of text.matchAll(/\{\{-?\s*(.*?)\s*-?\}\}/g)) {
      if (m.index > at) parts.push(text.slice(at, m.index));
      parts.push(action(m[1]!));
      at = m.index + m[0].length;
    }
    if (at < text.length) parts.push(text.slice(at));
    return parts;
  });
}

/**
 * Why `text` would not expand the same in Prometheus and in the generated tests, or undefined:
 * an action this renderer does not know, or a `{{` that never closes (Go refuses the template).
 */
export function templateError(text: string): string | undefined {
  let parts: Part[];
  try {
    parts = compileTemplate(text);
  } catch (e) {
    if (e instanceof TemplateUnsupported) return e.message;
    throw e;
  }
  return parts.some((p) => typeof p === "string" && p.includes("{{")) ? "a template action opened with {{ is never closed with }}" : undefined;
}

/** Render `text` as Prometheus would for a sample with these labels and value. */
export function renderAlertTemplate(text: string, labels: Record<string, string>, value: number): string {
  let out = "";
  for (const p of compileTemplate(text)) out += typeof p === "string" ? p : p(labels, value);
  return out;
}
