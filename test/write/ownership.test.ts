/** ownership(): the checks that run before generate touches anything, called directly where a real run would be too dangerous to try. */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ownership } from "../../src/write/ownership.ts";
import { tempDir } from "../helpers.ts";

describe("ownership", () => {
  it("refuses the file system root", () => {
    expect(() => ownership("/", [])).toThrow(/the output folder is the file system root/);
  });

  it("refuses a symlink to a protected folder, by where it points", () => {
    const dir = tempDir();
    const repo = join(dir, "repo");
    mkdirSync(repo);
    writeFileSync(join(repo, "README.md"), "mine\n");
    symlinkSync(repo, join(dir, "out"));
    expect(() => ownership(join(dir, "out"), [{ path: repo, name: "the current folder" }])).toThrow(/the output folder is the current folder/);
  });

  it("refuses a parent of a protected folder", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "a/b/definitions"), { recursive: true });
    expect(() => ownership(join(dir, "a"), [{ path: join(dir, "a/b/definitions"), name: "the definitions" }])).toThrow(/the output folder holds the definitions/);
  });

  it("a new folder, an empty one and one of its own are its to replace", () => {
    const dir = tempDir();
    expect(ownership(join(dir, "new"), []).exists).toBe(false);
    mkdirSync(join(dir, "empty"));
    expect(ownership(join(dir, "empty"), []).foreign).toEqual([]);
    mkdirSync(join(dir, "gen"));
    writeFileSync(join(dir, "gen/.llmops-manifest.json"), JSON.stringify({ generator: "llmops", files: ["a.yaml"] }));
    writeFileSync(join(dir, "gen/a.yaml"), "x\n");
    writeFileSync(join(dir, "gen/mine.txt"), "y\n");
    const o = ownership(join(dir, "gen"), []);
    expect([...o.ours].sort()).toEqual([".llmops-manifest.json", "a.yaml"]);
    expect(o.foreign).toEqual([{ path: "mine.txt", kind: "file" }]);
  });
});
