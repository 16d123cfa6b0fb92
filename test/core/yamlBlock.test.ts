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
    ["block scalars the library lays out by context", { a: "a\n---\nb", b: " a\nb", c: "\n\nx", d: "%a\nb", e: "x\ny\n\n", l: [{ k: " a\nb" }, "\n\nx"], "key\nwith a line break": 1 }],
    ["nested lists", { a: [[1, 2], [], [{ x: [] }]], b: [{ c: { d: [{ e: "f" }] } }] }],
    ["keys that need quotes", { "a b": 1, "x:y": 2, "1": 3, "": 4, "le=~": 5 }],
    ["look-alikes of other types", { a: "0x1F", b: "1_000", c: "-12", d: "+1.5e3", e: ".inf", f: "-.Inf", g: "NULL", h: "False", i: "0o17", j: "1.", k: "0+6.6x33", l: "3(\\.0)?", m: "---x", n: "...", o: "a:", p: "? x", q: "- ", r: "é", s: "tab\there", t: "x: y", u: "a #b", v: "a#b" }],
  ])("%s", (_name, data) => {
    expect(new BlockYaml().document(data, "# header")).toBe(viaLibrary(data));
  });
});

describe("BlockYaml against the library on generated strings", () => {
  // A fixed-seed generator: the same thousands of strings every run, built from the characters
  // and line starts that change how YAML must write a string.
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = ["a", "x > 1", " ", "  ", "\t", "\n", "\n\n", "#", " #", ":", ": ", "-", "- ", "---", "...", "%", "'", '"', "{", "}", "[", "]", ",", "|", ">", "*", "&", "!", "?", "é", "0", "1.5", "true", "null", "~", "\\", "{{ $value }}", "sum(rate(x[5m]))"];
  const strings = Array.from({ length: 3000 }, () => Array.from({ length: 1 + rand(8) }, () => pieces[rand(pieces.length)]).join(""));

  it("renders every one, as a value, a key and a list item, exactly as the library does", () => {
    for (const s of strings) {
      const data = { v: s, l: [s, { k: s }], [s]: 1 };
      expect(new BlockYaml().document(data, "# header"), JSON.stringify(s)).toBe(viaLibrary(data));
    }
  });
});
