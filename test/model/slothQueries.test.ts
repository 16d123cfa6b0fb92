/**
 * Sloth queries reach the model as a raw SLI, so they get its checks: a regex matcher that does
 * not compile, or a query that is only the window, is refused naming the Sloth file and field.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { cli, definitionsDir, tempDir } from "../helpers.ts";

const sloth = (sli: string) => `version: prometheus/v1
service: checkout
slos:
  - name: requests
    objective: 99.9
    sli:
${sli}
`;
const EVENTS = (error: string, total: string) => `      events:\n        error_query: '${error}'\n        total_query: '${total}'`;
const GOOD_ERROR = 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))';
const GOOD_TOTAL = "sum(rate(http_requests_total[{{.window}}]))";

const CASES = [
  { name: "an invalid regex in error_query", sli: EVENTS('sum(rate(http_requests_total{code=~"("}[{{.window}}]))', GOOD_TOTAL), field: /errorQuery|error_query/, what: /the regex "\(" is not a valid regular expression/ },
  { name: "a total_query that is only the window", sli: EVENTS(GOOD_ERROR, "{{.window}}"), field: /totalQuery|total_query/, what: /the query selects no series/ },
  { name: "a lookahead in error_ratio_query", sli: `      raw:\n        error_ratio_query: 'sum(rate(x{m=~"a(?=b)"}[{{.window}}])) / sum(rate(y[{{.window}}]))'`, field: /errorRatio|error_ratio_query/, what: /lookahead/ },
];

describe("Sloth queries are checked as the model checks raw SLIs", () => {
  it.each(CASES)("$name", async ({ sli, field, what }) => {
    const defs = definitionsDir({ "sloth.yaml": sloth(sli) });
    const r = await cli(["generate", "--definitions", defs, "--out", join(tempDir(), "generated")]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: \S*sloth\.yaml/m);
    expect(r.stderr).toMatch(field);
    expect(r.stderr).toMatch(what);
    expect(r.stderr).toMatch(/\n {2}hint: \S/);
  });

  it("accepts the same file with sound queries", async () => {
    const defs = definitionsDir({ "sloth.yaml": sloth(EVENTS(GOOD_ERROR, GOOD_TOTAL)) });
    const r = await cli(["generate", "--definitions", defs, "--out", join(tempDir(), "generated")]);
    expect(r.code, r.stderr).toBe(0);
  });
});
