/** What label values, annotations and regex matchers may hold, checked as Prometheus reads them. */
import { describe, expect, it } from "vitest";
import { textProblem } from "../../src/model/text.ts";
import { anchoredRegex, regexProblem } from "../../src/promql/regex.ts";

describe("regex matcher values (RE2, anchored)", () => {
  it.each(["gpt-4.*", "(?i)GPT-4", "[[:digit:]]+", "(?P<v>a|b)", "a{2,3}", "[(]", "\\\\1", "5.."])("accepts %s", (re) => {
    expect(regexProblem(re)).toBeUndefined();
  });
  it.each([
    ["(", /not a valid regular expression/],
    ["a(?=b)", /lookahead/],
    ["(?<!a)b", /lookbehind/],
    ["(a)\\1", /backreference \\1/],
    ["(?<n>a)\\k<n>", /named backreference/],
  ])("refuses %s", (re, why) => {
    expect(regexProblem(re)).toMatch(why);
  });
  it("matches as Prometheus does: the whole value, RE2 flags applied", () => {
    expect(anchoredRegex("gpt").test("gpt-4")).toBe(false);
    expect(anchoredRegex("(?i)gpt-4").test("GPT-4")).toBe(true);
    expect(anchoredRegex("[[:digit:]]+").test("42")).toBe(true);
  });
});

describe("label values and annotations", () => {
  it("let newlines and tabs through in annotations, never line separators or controls", () => {
    expect(textProblem("line one\n\tline two", "annotation")).toBeUndefined();
    for (const c of ["\u2028", "\u2029", "\u0085", "\u0000", "\r", "\u007f"]) expect(textProblem(`a${c}b`, "alert label")?.what).toMatch(/control or line-separator/);
  });
  it("expand on alerts as the generated tests expand them", () => {
    expect(textProblem("{{ $labels.model }} at {{ $value | humanizePercentage }}", "annotation")).toBeUndefined();
    expect(textProblem("{{ $labels.model", "annotation")?.what).toMatch(/never closed/);
    expect(textProblem("{{ .Labels.model }}", "alert label")?.what).toMatch(/not supported/);
  });
  it("are literal on recorded series", () => {
    expect(textProblem("{{ $labels.model }}", "series label")?.what).toMatch(/not templates/);
    expect(textProblem("plain }} text", "series label")).toBeUndefined();
  });
});
