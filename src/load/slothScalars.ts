/**
 * Label and annotation values as Sloth reads them. Sloth decodes its YAML with YAML 1.1 rules
 * (go-yaml v2) into string fields, and a plain scalar that YAML 1.1 resolves to a number or a
 * boolean becomes the string Go prints for it: `tier: 1` is "1", `critical: yes` is "true",
 * `ratio: 0.50` is "0.5", `mode: 0x1F` is "31". llmops parses YAML 1.2, where `yes` is a string,
 * so the value is taken from the scalar's source and resolved the way Sloth does.
 */
import { isScalar, type Document } from "yaml";
import type { PathPart } from "./yamlDocs.ts";

const BOOLS = new Map<string, string>([
  ...["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"].map((w): [string, string] => [w, "true"]),
  ...["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"].map((w): [string, string] => [w, "false"]),
]);
/** go-yaml v2's float syntax. */
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What Go's strconv.ParseInt(s, 0, 64) takes: a sign, then hex, octal (0o or a leading 0), binary or decimal digits. */
const INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** The integer go-yaml v2 reads, or undefined when it reads none (past uint64 it reads a float). */
function goInt(plain: string): bigint | undefined {
  const m = INT.exec(plain);
  if (!m) return undefined;
  const digits = m[2]!;
  const magnitude = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  const n = m[1] === "-" ? -magnitude : magnitude;
  return n < INT64_MIN || n > UINT64_MAX ? undefined : n;
}

/** Go's strconv.FormatFloat(x, 'g', -1, 32): the shortest digits that read back as the same float32; an exponent below 1e-4 and from 1e6 on. */
export function goFloat32(x: number): string {
  const f = Math.fround(x);
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  let p = 1;
  while (p < 9 && Math.fround(Number(f.toPrecision(p))) !== f) p++;
  const [mantissa, e] = f.toExponential(p - 1).split("e") as [string, string];
  const exp = Number(e);
  // With the shortest digits, Go's 'g' takes 6 as the precision that decides between %e and %f.
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(Number(f.toPrecision(p)));
}

/** The string Sloth reads from a plain (unquoted, untagged) scalar written as `source`. */
export function slothPlainScalar(source: string): string {
  const bool = BOOLS.get(source);
  if (bool) return bool;
  if (!/^[-+.0-9]/.test(source)) return source;
  const plain = source.replace(/_/g, "");
  const int = goInt(plain);
  if (int !== undefined) return int.toString();
  if (FLOAT.test(plain)) return goFloat32(Number(plain));
  return source;
}

/** The value at `parts` of `doc` as Sloth reads it into a string field. */
export function slothString(doc: Document.Parsed, parts: PathPart[], value: string | number | boolean): string {
  const node = doc.getIn(parts, true);
  if (isScalar(node) && node.type === "PLAIN" && !node.tag && typeof node.source === "string") return slothPlainScalar(node.source);
  return String(value);
}
