/** `llmops init` scaffolds a repository that installs this package and generates and validates as is. */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { cli, ROOT, tempDir } from "../helpers.ts";

const npx = (cwd: string, args: string[]) => execFileSync("npx", ["--no-install", "llmops", ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe("llmops init", () => {
  it("init DIR && npm install <this repo> && npx llmops generate && npx llmops validate", async () => {
    const dir = join(tempDir(), "my-llm-app");
    const r = await cli(["init", dir]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, ".gitattributes"), "utf8")).toBe("generated/** linguist-generated=true\n");
    const wf = parse(readFileSync(join(dir, ".github/workflows/llmops.yml"), "utf8")) as { jobs: { llmops: { steps: { run?: string }[] } } };
    const runs = wf.jobs.llmops.steps.map((s) => s.run ?? "");
    expect(runs).toContain("npx llmops generate --check");
    expect(runs).toContain("npx llmops validate");
    expect(runs.some((x) => x.includes("apt-get install -y prometheus"))).toBe(true);

    execFileSync("npm", ["install", ROOT, "--no-audit", "--no-fund"], { cwd: dir, stdio: "ignore" });
    expect(existsSync(join(dir, "node_modules/llmops/bin/llmops.js"))).toBe(true);
    expect(npx(dir, ["generate"])).toMatch(/^generated \d+ files in generated\//m);
    expect(readFileSync(join(dir, "generated/prometheus/rules/chat.yaml"), "utf8")).toContain('le=~"2\\\\.56"');
    expect(npx(dir, ["validate"])).toMatch(/validate: all \d+ checks passed/);
    expect(npx(dir, ["generate", "--check"])).toMatch(/is up to date/);
  }, 240_000);

  it("refuses to overwrite existing files: exit 2 naming them, nothing written", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "package.json"), "{}\n");
    const r = await cli(["init", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("would overwrite package.json");
    expect(readFileSync(join(dir, "package.json"), "utf8")).toBe("{}\n");
    expect(existsSync(join(dir, "definitions"))).toBe(false);
  });
});
