/** What a query of one's own must be once {{.window}} is filled in, as a table. */
import { describe, expect, it } from "vitest";
import { unquote, windowedQueryProblem } from "../../src/promql/query.ts";

describe("queries of the definitions", () => {
  it.each([
    ["sum(rate(x[{{.window}}]))", undefined],
    ['sum(rate(x{model=~"gpt-4.*", code!~`5..`}[{{.window}}]))', undefined],
    ["sum(rate(x{m=~'a\\\\.b'}[{{.window}}]))", undefined],
    ['{__name__=~"llm_.+"} offset {{.window}}', undefined],
    ['sum(rate(x{model=~"("}[{{.window}}]))', /the regex "\(" is not a valid regular expression/],
    ['sum(rate(x{"quoted.name"!~"a(?<=b)"}[{{.window}}]))', /lookbehind/],
    ["{{.window}}", /selects no series/],
    ["1 + {{.window}}", /selects no series/],
    ["x[{{.window}}]", /range vector/],
    ["(rate(x[{{.window}}])[1h:])", /range vector/],
    ["sum(rate(x[{{.window}}])", /does not parse/],
  ])("%s", (query, problem) => {
    const p = windowedQueryProblem(query);
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p?.what).toMatch(problem);
  });

  it("reads string literals as PromQL does", () => {
    expect(unquote('"a\\\\.b\\"c\\x41\\u00e9"')).toBe('a\\.b"cAé');
    expect(unquote("`raw\\d`")).toBe("raw\\d");
    expect(unquote("'it\\'s'")).toBe("it's");
  });
});
