/**
 * What each field of the definitions is, and what a wrong value of it must do. `bad` input
 * must exit 2 with a message; `valid` input must generate; `either` is input whose documented
 * outcome is a refusal or output that passes our own checks (generate then validate), never a
 * crash or output validate rejects.
 */
import type { Key, Node } from "./ast.ts";

export type Expect = "bad" | "valid" | "either";

export type Kind =
  | "ident" | "alertName" | "duration" | "stackDuration" | "forDuration" | "sloWindow" | "percent" | "percentOpen" | "fraction" | "positive"
  | "nonNegative" | "bucket" | "port" | "strMap" | "labelMap" | "matcherMap" | "url" | "promql" | "enum" | "bool" | "text"
  | "title" | "severity" | "labelList" | "uid" | "folder" | "namespace" | "prefix" | "bindAddress" | "hostPorts" | "receiverRef"
  | "secret" | "channel" | "email" | "smarthost" | "refresh" | "timeRange" | "tags" | "variables" | "gridWidth" | "gridHeight"
  | "factor" | "ref" | "opensloDuration" | "sliceWindow" | "target" | "sliceTarget" | "openObject" | "object" | "array" | "string" | "number"
  | "percentClosed" | "k8sLabels" | "opensloLabels" | "anyValue" | "inlineRef" | "slothLabels" | "slothAnnotations";

/** A wrong value for a field: the value (or `undefined` to delete the key), and what it must do. */
export interface ValueMutation {
  label: string;
  value: Node | undefined;
  expect: Expect;
}

const HUGE = "a".repeat(300);
const long = (s: string) => s + "x".repeat(310);

/** Mutations of a field by its kind; `required` decides what deleting it must do. */
export function valueMutations(kind: Kind, required: boolean): ValueMutation[] {
  const m = (label: string, value: Node | undefined, expect: Expect): ValueMutation => ({ label, value, expect });
  const typeOf: Record<string, ValueMutation[]> = {
    string: [m("number instead of string", 42, "bad")],
    number: [m("string instead of number", "99", "bad")],
    bool: [m("string instead of boolean", "yes", "bad")],
    map: [m("string instead of map", "x", "bad")],
    array: [m("string instead of array", "x", "bad")],
    object: [m("array instead of object", [], "bad")],
  };
  const out: ValueMutation[] = [m("missing", undefined, required ? "bad" : "valid")];
  const str = (...more: ValueMutation[]) => [...typeOf.string!, ...more];
  const numeric = (...more: ValueMutation[]) => [...typeOf.number!, m("null", null, "bad"), m("NaN", NaN, "bad"), m("Infinity", Infinity, "bad"), ...more];
  const ctl = [m("control character", "a\u0007b", "bad"), m("U+2028", "a\u2028b", "bad")];
  const textish = [m("empty", "", "either"), m("10k characters", "t".repeat(10_000), "valid"), m("U+2028", "line\u2028break", "either"), m("{{ unbalanced", "oops {{ here", "either"), m("control character", "bell\u0007", "either")];
  switch (kind) {
    case "ident":
      out.push(...str(m("empty", "", "bad"), m("300 characters", HUGE, "either"), m("spaces and capitals", "Bad Name!", "bad"), m("path traversal", "../../etc", "bad"), m("{{ template", "{{x}}", "bad"), ...ctl));
      break;
    case "alertName":
      out.push(...str(m("empty", "", "bad"), m("starts with a digit", "9Alert", "bad"), m("300 characters", "A" + HUGE, "either"), m("space", "High Latency", "bad"), m("{{ template", "{{.x}}", "bad"), ...ctl));
      break;
    case "duration":
      out.push(...str(m("not a duration", "abc", "bad"), m("zero", "0s", "bad"), m("negative", "-5m", "bad"), m("empty", "", "bad"), m("fraction", "1.5h", "bad"), m("no unit", "5", "bad")));
      break;
    case "stackDuration":
      out.push(...str(m("not a duration", "abc", "bad"), m("zero", "0s", "either"), m("negative", "-5m", "bad"), m("empty", "", "bad"), m("fraction", "1.5h", "bad")));
      break;
    case "forDuration":
      out.push(...str(m("not a duration", "abc", "bad"), m("zero", "0s", "valid"), m("negative", "-5m", "bad"), m("empty", "", "bad"), m("huge", "99999999999999999999d", "either")));
      break;
    case "sloWindow":
      out.push(...str(m("not a duration", "abc", "bad"), m("zero", "0s", "bad"), m("negative", "-5m", "bad"), m("shorter than the alert windows", "1h", "bad"), m("empty", "", "bad"), m("4 weeks", "4w", "valid")));
      break;
    case "percent":
      out.push(...numeric(m("zero", 0, "bad"), m("100", 100, "bad"), m("negative", -1, "bad"), m("1e308", 1e308, "bad"), m("99.99999999999999", 99.99999999999999, "either"), m("a fraction, not a percent", 0.999, "either")));
      break;
    case "percentOpen":
      out.push(...numeric(m("zero", 0, "bad"), m("100", 100, "bad"), m("negative", -5, "bad"), m("over 100", 150, "bad")));
      break;
    case "percentClosed":
      // Up to and including 100: a spend warning at 100% is the budget spent.
      out.push(...numeric(m("zero", 0, "bad"), m("100", 100, "valid"), m("negative", -5, "bad"), m("over 100", 150, "bad")));
      break;
    case "fraction":
      out.push(...numeric(m("zero", 0, "bad"), m("one", 1, "bad"), m("negative", -0.5, "bad"), m("p99.9", 0.999, "valid")));
      break;
    case "positive":
      out.push(...numeric(m("zero", 0, "either"), m("negative", -1, "bad"), m("1e308", 1e308, "either")));
      break;
    case "nonNegative":
      out.push(...numeric(m("negative", -1, "bad"), m("1e308", 1e308, "bad")));
      break;
    case "factor":
      out.push(...numeric(m("zero", 0, "bad"), m("negative", -2, "bad")));
      break;
    case "bucket":
      out.push(...numeric(m("not a bucket bound", 4, "bad"), m("negative", -1, "bad"), m("zero", 0, "bad")));
      break;
    case "sliceTarget":
      // OpenSLO's timeSliceTarget is in (0.0, 1.0]: 1 means every sample of the slice is good.
      out.push(...numeric(m("zero", 0, "bad"), m("one", 1, "valid"), m("negative", -0.5, "bad"), m("a percent, not a fraction", 99.9, "bad")));
      break;
    case "target":
      out.push(...numeric(m("zero", 0, "bad"), m("one", 1, "bad"), m("negative", -0.5, "bad"), m("a percent, not a fraction", 99.9, "bad")));
      break;
    case "port":
      out.push(...numeric(m("zero", 0, "bad"), m("over 65535", 70_000, "bad"), m("fraction", 1.5, "bad"), m("negative", -1, "bad")));
      break;
    case "strMap":
    case "labelMap":
    case "slothLabels":
    case "slothAnnotations": {
      // Sloth reads a number or a boolean as the string it spells; the model's own maps take strings only.
      const sloth = kind === "slothLabels" || kind === "slothAnnotations";
      out.push(...typeOf.map!, m("key with a space", { "bad key!": "x" }, "bad"), m("empty key", { "": "x" }, "bad"), m("number value", { team: 42 }, sloth ? "valid" : "bad"));
      if (sloth) out.push(m("boolean value", { team: true }, "valid"), m("list value", { team: ["a", "b"] }, "bad"), m("null value", { team: null }, "bad"), m("left empty", null, "valid"));
      out.push(m("U+2028 in a value", { team: "a\u2028b" }, "either"), m("{{ in a value", { team: "{{ oops" }, "either"), m("300-character value", { team: HUGE }, "valid"), m("empty map", {}, "valid"));
      if (kind === "labelMap" || kind === "slothLabels") out.push(m("key not a label name", { "1bad-key": "x" }, "bad"), m("reserved label name", { __name__: "x" }, "bad"));
      break;
    }
    case "k8sLabels":
      // Kubernetes labels: a key is an optional DNS prefix and a name of 63 characters at most; a value 63 at most.
      out.push(...typeOf.map!, m("key with a space", { "bad key!": "x" }, "bad"), m("empty key", { "": "x" }, "bad"), m("number value", { team: 42 }, "bad"));
      out.push(m("300-character value", { team: HUGE }, "bad"), m("key starting with a digit", { "1team": "x" }, "valid"), m("prefixed key", { "example.com/team": "x" }, "valid"), m("empty map", {}, "valid"));
      break;
    case "opensloLabels":
      // OpenSLO metadata.labels: keys begin and end with [a-zA-Z0-9], with dashes, underscores and dots between.
      out.push(...typeOf.map!, m("key with a space", { "bad key!": "x" }, "bad"), m("empty key", { "": "x" }, "bad"), m("key starting with _", { __name__: "x" }, "bad"));
      out.push(m("U+2028 in a value", { team: "a\u2028b" }, "bad"), m("key starting with a digit", { "1team": "x" }, "valid"), m("a list of values", { team: ["a", "b"] }, "valid"), m("empty map", {}, "valid"));
      break;
    case "matcherMap":
      out.push(...typeOf.map!, m("invalid regex", { model: { op: "=~", value: "gpt-(4" } }, "bad"), m("invalid regex range", { model: { op: "!~", value: "[z-a]" } }, "bad"));
      out.push(m("unknown operator", { model: { op: "==", value: "x" } }, "bad"), m("key not a label name", { "1model": "x" }, "bad"), m("matcher without value", { model: { op: "=" } }, "bad"));
      out.push(m("quotes and backslashes", { model: 'a"b\\c' }, "valid"), m("U+2028", { model: "a\u2028b" }, "either"), m("number value", { model: 4 }, "bad"), m("unknown matcher field", { model: { op: "=", value: "x", negate: true } }, "bad"));
      break;
    case "url":
      out.push(...str(m("javascript: URL", "javascript:alert(1)", "bad"), m("not a URL", "not a url", "bad"), m("empty", "", "bad"), m("data: URL", "data:text/html,<script>alert(1)</script>", "bad"), m("long URL", long("https://runbooks.example.com/"), "valid")));
      break;
    case "promql":
      out.push(...str(m("unclosed parenthesis", "sum(rate(llm_requests_total[{{.window}}])", "bad"), m("not PromQL", "SELECT * FROM requests", "bad"), m("empty", "", "bad")));
      out.push(m("invalid regex", 'sum(rate(llm_requests_total{model=~"gpt-(4"}[{{.window}}]))', "bad"), m("placeholder only", "{{.window}}", "bad"), m("unclosed template", "sum(rate(llm_requests_total[{{.window]))", "bad"));
      break;
    case "enum":
      out.push(...str(m("unknown value", "nope", "bad"), m("empty", "", "bad"), m("wrong case", "RATIO", "bad")));
      break;
    case "bool":
      out.push(...typeOf.bool!, m("number instead of boolean", 1, "bad"));
      break;
    case "text":
      out.push(...str(...textish));
      break;
    case "title":
      out.push(...str(m("empty", "", "bad"), m("10k characters", "t".repeat(10_000), "either"), m("U+2028", "a\u2028b", "either"), m("{{ unbalanced", "{{ x", "either")));
      break;
    case "severity":
      out.push(...str(m("empty", "", "either"), m("spaces", "very bad", "either"), m("300 characters", HUGE, "either"), m("{{ template", "{{ $value }}", "either"), m("control character", "a\u0007b", "either"), m("U+2028", "a\u2028b", "either")));
      break;
    case "labelList":
      out.push(...typeOf.array!, m("not a label name", ["1model"], "bad"), m("a label the series lacks", ["nonexistent"], "bad"), m("number item", [42], "bad"), m("empty", [], "valid"));
      break;
    case "uid":
      out.push(...str(m("41 characters", "u".repeat(41), "bad"), m("spaces", "bad uid!", "bad"), m("empty", "", "bad"), m("slash", "a/b", "bad")));
      break;
    case "folder":
      out.push(...str(m("parent folder", "../outside", "bad"), m("slash", "a/b", "bad"), m("absolute", "/etc", "bad"), m("empty", "", "either"), m("300 characters", HUGE, "either")));
      break;
    case "namespace":
      out.push(...str(m("capitals and underscore", "Bad_NS", "bad"), m("64 characters", "n".repeat(64), "bad"), m("empty", "", "bad")));
      break;
    case "prefix":
      out.push(...str(m("slash", "a/b", "bad"), m("space", "a b", "bad"), m("300 characters", HUGE, "either")));
      break;
    case "bindAddress":
      out.push(...str(m("host name", "localhost", "bad"), m("empty", "", "bad"), m("out-of-range octets", "999.1.1.1", "either")));
      break;
    case "hostPorts":
      out.push(...typeOf.array!, m("no port", ["chat"], "bad"), m("empty item", [""], "bad"), m("port out of range", ["chat:99999"], "either"), m("no targets", [], "bad"));
      break;
    case "receiverRef":
      out.push(...str(m("undefined receiver", "nobody", "bad"), m("empty", "", "bad")));
      break;
    case "secret":
      out.push(...str(m("path traversal", "../../etc/passwd", "bad"), m("space", "a b", "bad"), m("empty", "", "bad")));
      break;
    case "channel":
      out.push(...str(m("a URL", "https://hooks.slack.com/services/T0/B0/x", "bad"), m("empty", "", "bad")));
      break;
    case "email":
      out.push(...str(m("not an address", "not-an-email", "either"), m("empty", "", "bad")));
      break;
    case "smarthost":
      out.push(...str(m("no port", "smtp.example.com", "either"), m("empty", "", "bad")));
      break;
    case "refresh":
      out.push(...str(m("not a duration", "abc", "bad"), m("negative", "-5m", "bad"), m("zero", "0s", "either")));
      break;
    case "timeRange":
      out.push(...str(m("not a time", "yesterday-ish", "either"), m("empty", "", "bad")));
      break;
    case "tags":
      out.push(...typeOf.array!, m("number item", [42], "bad"), m("U+2028 item", ["a\u2028b"], "either"), m("empty", [], "valid"));
      break;
    case "variables":
      // Without variables, a row repeated on one of them has none: refused, or the repeat dropped.
      out.push(...typeOf.array!, m("unknown variable", ["nope"], "bad"), m("empty", [], "either"));
      break;
    case "gridWidth":
      out.push(...numeric(m("zero", 0, "bad"), m("25 columns", 25, "bad"), m("fraction", 1.5, "bad"), m("negative", -1, "bad")));
      break;
    case "gridHeight":
      out.push(...numeric(m("zero", 0, "bad"), m("fraction", 1.5, "bad"), m("negative", -1, "bad")));
      break;
    case "ref":
      out.push(...str(m("undefined reference", "nothing-by-this-name", "bad"), m("empty", "", "bad")));
      break;
    case "sliceWindow":
      // OpenSLO gives a time slice as a duration or as a number of minutes.
      out.push(m("minutes as a number", 5, "valid"), m("not a duration", "abc", "bad"), m("zero", "0s", "bad"), m("negative", "-5m", "bad"), m("empty", "", "bad"), m("boolean", true, "bad"));
      break;
    case "opensloDuration":
      out.push(...str(m("not a duration", "abc", "bad"), m("zero", "0s", "bad"), m("negative", "-5m", "bad"), m("empty", "", "bad")));
      break;
    case "openObject":
      out.push(...typeOf.object!);
      break;
    case "anyValue":
      // "Everything that is valid YAML can be put here" (OpenSLO's connectionDetails).
      out.push(m("a list", [{ url: "http://prometheus:9090" }], "valid"), m("a string", "x", "valid"));
      break;
    case "inlineRef":
      // A metric source that says its type inline stands on its own: its reference may name nothing defined.
      out.push(...str(m("undefined reference", "nothing-by-this-name", "valid"), m("empty", "", "valid")));
      break;
    case "object":
      out.push(...typeOf.object!);
      break;
    case "array":
      out.push(...typeOf.array!);
      break;
    case "string":
      out.push(...str(m("empty", "", "either"), m("300 characters", HUGE, "either"), m("U+2028", "a\u2028b", "either")));
      break;
    case "number":
      out.push(...numeric());
      break;
  }
  return out;
}

/** A field's kind and whether it is required, from its path (`services[0].slos[1].objective` → percent). */
export interface FieldRule {
  /** Matches the path with indexes written as `[]`: `services[].slos[].objective`. */
  path: RegExp;
  kind: Kind;
  required?: boolean;
  /** What leaving the field out must do, where neither required nor optional says it. */
  missing?: Expect;
}

/** Paths as patterns: `["services", 0, "name"]` → `services[].name`. */
export function pattern(path: Key[]): string {
  return path.map((k) => (typeof k === "number" ? "[]" : `.${k}`)).join("").replace(/^\./, "");
}

export function ruleFor(rules: FieldRule[], path: Key[]): FieldRule | undefined {
  const p = pattern(path);
  return rules.find((r) => r.path.test(p));
}
