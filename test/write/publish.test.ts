/** publish: the staged tree takes the output's place; what appeared in the old tree meanwhile is moved over, not removed. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { publish } from "../../src/write/publish.ts";
import { tempDir } from "../helpers.ts";

function tree(dir: string, files: Record<string, string>): void {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
}

describe("publish", () => {
  for (const native of [true, false]) {
    it(`a file written into the output while the run staged is kept (${native ? "exchange" : "two renames"})`, () => {
      const before = process.env.LLMOPS_NO_NATIVE;
      if (!native) process.env.LLMOPS_NO_NATIVE = "1";
      try {
        const parent = tempDir();
        const dir = join(parent, "generated");
        const next = join(parent, ".generated.next-1-1");
        tree(dir, { "a.yaml": "old a\n", "notes/late.txt": "written meanwhile\n", "b.yaml": "old b\n" });
        tree(next, { "a.yaml": "new a\n", "b.yaml": "new b\n" });
        // The run saw a.yaml and b.yaml only; notes/late.txt and the second b.yaml came later.
        writeFileSync(join(dir, "late.yaml"), "also meanwhile\n");
        publish(next, dir, new Set(["a.yaml", "b.yaml"]));
        expect(readFileSync(join(dir, "a.yaml"), "utf8")).toBe("new a\n");
        expect(readFileSync(join(dir, "notes/late.txt"), "utf8")).toBe("written meanwhile\n");
        expect(readFileSync(join(dir, "late.yaml"), "utf8")).toBe("also meanwhile\n");
        expect(readdirSync(parent)).toEqual(["generated"]);
        expect(existsSync(next)).toBe(false);
      } finally {
        if (before === undefined) delete process.env.LLMOPS_NO_NATIVE;
        else process.env.LLMOPS_NO_NATIVE = before;
      }
    });
  }
});
