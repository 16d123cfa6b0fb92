/** The block emitter writes exactly what the yaml library's Document would, faster. */
import { Document } from "yaml";
import { describe, expect, it } from "vitest";
import { BlockYaml } from "../../src/compile/yamlBlock.ts";

const viaLibrary = (data: unknown) => {
  const doc = new Document(data, { aliasDuplicateObjects: false });
  doc.commentBefore = " header";
  return doc.toString({ lineWidth: 0, defaultStringType: "PLAIN", defaultKeyType: "PLAIN" });
};

describe("BlockYaml", () => {
  it.each([
    ["rules", { groups: [{ name: "g", rules: [{ record: "slo:x:ratio_rate5m", expr: 'sum(rate(m{a="b"}[5m])) / 2', labels: { slo: "a-b", service: "svc" } }] }] }],
    ["block scalars", { a: { b: "(\n  x > 1\nand\n  y\n)" }, c: [{ d: "x\ny", e: [] }, "s", "two\nlines"], f: {} }],
    ["strings that need quotes", { a: "{{ $labels.x }}", b: "12", c: "", d: "true", e: "null", f: "a: b", g: "- x", h: "#c", i: "x #y", j: "'q'", k: '"d"', l: "yes", m: "~", n: "1e3", o: ".nan", p: "@at", q: "$5/hour" }],
    ["numbers and booleans", { a: 0.005, b: 30, c: 1e-7, d: true, e: false, f: null, g: -3, h: 14.4 }],
    ["nested lists", { a: [[1, 2], [], [{ x: [] }]], b: [{ c: { d: [{ e: "f" }] } }] }],
    ["keys that need quotes", { "a b": 1, "x:y": 2, "1": 3, "": 4, "le=~": 5 }],
    ["look-alikes of other types", { a: "0x1F", b: "1_000", c: "-12", d: "+1.5e3", e: ".inf", f: "-.Inf", g: "NULL", h: "False", i: "0o17", j: "1.", k: "0+6.6x33", l: "3(\\.0)?", m: "---x", n: "...", o: "a:", p: "? x", q: "- ", r: "é", s: "tab\there", t: "x: y", u: "a #b", v: "a#b" }],
  ])("%s", (_name, data) => {
    expect(new BlockYaml().document(data, "# header")).toBe(viaLibrary(data));
  });
});
