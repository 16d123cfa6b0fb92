/** updateTree: files written in place and, past the first ones, on the writer thread; all or nothing. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Artifact } from "../../src/compile/artifact.ts";
import { updateTree } from "../../src/write/index.ts";
import { tempDir } from "../helpers.ts";

/** Enough files, in enough folders, that most go through the writer thread. */
const many = (tag: string): Artifact[] => Array.from({ length: 300 }, (_, i) => ({ path: `f${i % 7}/file-${i}.txt`, content: `${tag} ${i}\n`.repeat(1 + (i % 50)) }));

describe("updateTree", () => {
  it("writes every file, on the writer thread too, and rewrites only what changed", async () => {
    const out = join(tempDir(), "generated");
    const first = many("a");
    const r = await updateTree(out, true, (emit) => first.forEach(emit));
    expect(r.written.length).toBe(300);
    for (const a of first) expect(readFileSync(join(out, a.path), "utf8")).toBe(a.content);

    const second = first.map((a, i) => (i % 3 === 0 ? { ...a, content: a.content.replace("a", "b") } : a));
    const again = await updateTree(out, true, (emit) => second.forEach(emit));
    expect(again.written).toEqual(second.filter((_, i) => i % 3 === 0).map((a) => a.path).sort());
    for (const a of second) expect(readFileSync(join(out, a.path), "utf8")).toBe(a.content);
  });

  it("a write that fails leaves the output as it was and no staging tree behind", async () => {
    const parent = tempDir();
    const out = join(parent, "generated");
    await updateTree(out, true, (emit) => emit({ path: "sentinel.txt", content: "keep me\n" }));
    const before = readdirSync(out).sort();
    // The 200th file needs a folder where the 199th is a file: it cannot be written.
    const files = many("a").slice(0, 199);
    files.push({ path: "f0/file-0.txt/inside.txt", content: "x\n" });
    await expect(updateTree(out, true, (emit) => files.forEach(emit))).rejects.toThrow(/writing the output failed|ENOTDIR|EEXIST|is a file, not a folder/);
    expect(readdirSync(out).sort()).toEqual(before);
    expect(readFileSync(join(out, "sentinel.txt"), "utf8")).toBe("keep me\n");
    expect(readdirSync(parent)).toEqual(["generated"]);
  });

  it("when producing throws, pending writes finish before the staging tree is removed", async () => {
    const parent = tempDir();
    const out = join(parent, "generated");
    await expect(
      updateTree(out, true, (emit) => {
        many("a").forEach(emit);
        throw new Error("a user error found late");
      }),
    ).rejects.toThrow("a user error found late");
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });
});
