/**
 * Whole generated files compared with reviewed copies. Regenerate deliberately with
 * `UPDATE_GOLDEN=1 npx vitest run test/core/golden.test.ts` and read the diff before committing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, ROOT, tempDir } from "../helpers.ts";

const GOLDEN = join(ROOT, "test/core/golden");
const FILES = ["prometheus/rules/chat.yaml", "prometheus/tests/chat.test.yaml"];

describe("golden: rules and promtool tests of a fixed project", async () => {
  const out = join(tempDir(), "generated");
  const gen = await cli(["generate", "--definitions", "test/fixtures/core/golden", "--out", out]);

  it("generates", () => expect(gen.code, gen.stderr).toBe(0));

  it.each(FILES)("%s matches its golden copy", (f) => {
    const actual = readFileSync(join(out, f), "utf8");
    const golden = join(GOLDEN, f.replaceAll("/", "__"));
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(golden, actual);
    }
    expect(actual).toBe(readFileSync(golden, "utf8"));
  });

  it("promtool accepts the rules and passes every generated test", async () => {
    const r = await cli(["validate", "--definitions", "test/fixtures/core/golden", "--out", out]);
    expect(r.stdout).toMatch(/ok\s+promtool check rules\s+prometheus\/rules\/chat\.yaml/);
    expect(r.stdout).toMatch(/ok\s+promtool test rules\s+prometheus\/tests\/chat\.test\.yaml/);
  });
});
