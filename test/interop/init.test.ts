/** `llmops init` scaffolds a repository whose README steps work as written: install, generate, validate, CI. */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { cli, ROOT, tempDir } from "../helpers.ts";
import { missingForBuild } from "../stack/dockerContext.ts";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const TARBALL = `vendor/llmops-${VERSION}.tgz`;

/** A command as the README shows it, run by a shell in the repository, under a deadline. */
function step(cwd: string, command: string): string {
  const r = spawnSync("sh", ["-c", command], { cwd, encoding: "utf8", timeout: 180_000 });
  if (r.status !== 0) throw new Error(`\`${command}\` exited with ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The commands of the README's first sh block. */
function readmeSteps(dir: string): string[] {
  const block = /```sh\n([\s\S]*?)```/.exec(readFileSync(join(dir, "README.md"), "utf8"))?.[1] ?? "";
  return block.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));
}

/** Killed processes whose parent is gone can stay zombies here: PID 1 of a container may never reap them. */
function running(pid: number): boolean {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  return stat !== "" && !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
}

type Workflow = { jobs: { llmops: { steps: { run?: string; uses?: string }[] } } };
type Lock = { packages: Record<string, { resolved?: string; integrity?: string; version?: string }> };

describe("llmops init", () => {
  it("init DIR, then the README's steps as written: npm ci from the lockfile, generate, validate, generate --check; a fresh clone installs with npm ci", async () => {
    const dir = join(tempDir(), "my-llm-app");
    const r = await cli(["init", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`llmops from file:${TARBALL}`);
    expect(r.stdout).toContain(`cd ${dir} && npm ci && npx llmops generate && npx llmops validate`);
    expect(readFileSync(join(dir, ".gitattributes"), "utf8")).toBe("generated/** linguist-generated=true\n");

    // This checkout exists on this machine only: the scaffold carries it, packed, and pins it.
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.llmops).toBe(`file:${TARBALL}`);
    const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8")) as Lock;
    expect(lock.packages["node_modules/llmops"]).toMatchObject({ version: VERSION, resolved: `file:${TARBALL}`, integrity: expect.stringMatching(/^sha512-/) });
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain(`\`${TARBALL}\``);

    const wf = parse(readFileSync(join(dir, ".github/workflows/llmops.yml"), "utf8")) as Workflow;
    const runs = wf.jobs.llmops.steps.map((s) => s.run ?? "");
    expect(runs).toContain("npm ci --no-audit --no-fund");
    expect(runs.filter((x) => /npm install/.test(x) && !x.startsWith("test -f"))).toEqual([]);
    expect(runs.findIndex((x) => x.startsWith("test -f package-lock.json"))).toBeLessThan(wf.jobs.llmops.steps.findIndex((s) => s.uses?.startsWith("actions/setup-node")));
    expect(runs).toContain("npx llmops generate --check");
    expect(runs).toContain("npx llmops validate");
    expect(runs.some((x) => x.includes("apt-get install -y prometheus"))).toBe(true);

    const steps = readmeSteps(dir);
    expect(steps.map((s) => s.split("#")[0]!.trim())).toEqual(["npm ci", "npx llmops generate", "npx llmops validate", "npx llmops generate --check"]);
    const out = steps.map((s) => step(dir, s));
    expect(out[1]).toMatch(/^generated \d+ files in generated\//m);
    expect(out[2]).toMatch(/validate: all \d+ checks passed/);
    expect(out[3]).toMatch(/is up to date/);

    // The dependency resolves to the installed package, a real folder (not a link to this checkout).
    expect(step(dir, `node -p "require.resolve('llmops')"`).trim()).toBe(join(dir, "node_modules/llmops/src/index.ts"));
    expect(lstatSync(join(dir, "node_modules/llmops")).isDirectory()).toBe(true);
    expect(readFileSync(join(dir, "generated/prometheus/rules/chat.yaml"), "utf8")).toContain('le=~"2\\\\.56"');

    // The simulator builds from the installed package: context, Dockerfile and what it copies exist.
    const compose = parse(readFileSync(join(dir, "generated/compose.yaml"), "utf8")) as { services: Record<string, { build?: { context: string; dockerfile: string } }> };
    const builds = Object.values(compose.services).flatMap((s) => (s.build ? [s.build] : []));
    expect(builds).toEqual([{ context: "../node_modules/llmops", dockerfile: "stack/simulator/Dockerfile" }]);
    expect(missingForBuild(join(dir, "generated"), builds[0]!)).toEqual([]);

    // npm install from the recorded source leaves package.json and the lockfile as init wrote them.
    const before = [readFileSync(join(dir, "package.json"), "utf8"), readFileSync(join(dir, "package-lock.json"), "utf8")];
    step(dir, "npm install --no-audit --no-fund");
    expect([readFileSync(join(dir, "package.json"), "utf8"), readFileSync(join(dir, "package-lock.json"), "utf8")]).toEqual(before);

    // The installed llmops scaffolds the next repository from the same tarball, as npm recorded it.
    expect(step(dir, "npx llmops init ../second")).toContain(`llmops from file:${TARBALL}`);
    expect(readFileSync(join(dir, "../second", TARBALL))).toEqual(readFileSync(join(dir, TARBALL)));

    // A CI runner: the committed files elsewhere, without node_modules or any path of this machine.
    const clone = join(tempDir(), "ci-checkout");
    cpSync(dir, clone, { recursive: true, filter: (p) => !p.includes("node_modules") });
    step(clone, "npm ci --no-audit --no-fund");
    expect(step(clone, "npx llmops generate --check")).toMatch(/is up to date/);
  }, 600_000);

  it("installs llmops from the folder, tarball or git URL --llmops names, and writes the spec npm resolved into the lockfile", async () => {
    const folder = await cli(["init", join(tempDir(), "a"), "--llmops", ROOT]);
    expect(folder.code, folder.stderr).toBe(0);
    expect(folder.stdout).toContain(`llmops from file:${TARBALL}`);

    const tgz = join(tempDir(), "llmops-custom.tgz");
    cpSync(join(folder.stdout.match(/created \d+ files in (.*)\/ /)![1]!, TARBALL), tgz);
    const dir = join(tempDir(), "b");
    const tarball = await cli(["init", dir, "--llmops", tgz]);
    expect(tarball.code, tarball.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies.llmops).toBe("file:vendor/llmops-custom.tgz");
    expect(readFileSync(join(dir, "vendor/llmops-custom.tgz"))).toEqual(readFileSync(tgz));

    const bare = join(tempDir(), "llmops.git");
    execFileSync("git", ["clone", "-q", "--bare", ROOT, bare]);
    const gdir = join(tempDir(), "c");
    const git = await cli(["init", gdir, "--llmops", `git+file://${bare}`]);
    expect(git.code, git.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(gdir, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies.llmops).toBe(`git+file://${bare}`);
    const lock = JSON.parse(readFileSync(join(gdir, "package-lock.json"), "utf8")) as Lock;
    expect(lock.packages["node_modules/llmops"]!.resolved).toMatch(new RegExp(`^git\\+file://${bare}#[0-9a-f]{40}$`));
    expect(existsSync(join(gdir, "vendor"))).toBe(false);
  }, 240_000);

  it("refuses a source no one serves, with exit 2, npm's reason and nothing written", async () => {
    const dir = join(tempDir(), "app");
    const none = await cli(["init", dir, "--llmops", "99.99.99"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: npm: writing package-lock\.json for llmops from 99\.99\.99: npm install --package-lock-only .* exited with 1:\n {4}npm error .*(404|No matching version)/);
    expect(none.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(dir)).toBe(false);

    const missing = await cli(["init", dir, "--llmops", "../no-such-llmops"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--llmops: .*no-such-llmops does not exist/);

    const other = tempDir();
    writeFileSync(join(other, "package.json"), JSON.stringify({ name: "left-pad", version: "1.0.0" }));
    const wrong = await cli(["init", dir, "--llmops", other]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`${other} is not the llmops package (its package.json names "left-pad")`);
    expect(existsSync(dir)).toBe(false);
  }, 120_000);

  it("stops npm and everything it started at the deadline, and says which call and limit", async () => {
    const bin = tempDir();
    const pids = join(bin, "pids");
    writeFileSync(join(bin, "npm"), `#!/bin/sh\nsleep 60 &\necho $! > ${pids}\nwait\n`);
    chmodSync(join(bin, "npm"), 0o755);
    const dir = join(tempDir(), "app");
    const t0 = Date.now();
    const r = await cli(["init", dir, "--llmops", "0.1.0"], { env: { PATH: `${bin}:${process.env.PATH}`, LLMOPS_NPM_TIMEOUT: "1" } });
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/npm install --package-lock-only .* did not finish within 1 s and was stopped\n {2}hint: .*LLMOPS_NPM_TIMEOUT/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(dir)).toBe(false);
    expect(running(Number(readFileSync(pids, "utf8")))).toBe(false);
  }, 60_000);

  it("without npm on PATH, exit 3 saying how to get it", async () => {
    const r = await cli(["init", join(tempDir(), "app"), "--llmops", "0.1.0"], { env: { PATH: tempDir() } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: npm not found\.\n {2}hint: .*install Node\.js with npm/);
  });

  it("refuses to overwrite existing files: exit 2 naming them, nothing written", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "package.json"), "{}\n");
    const r = await cli(["init", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("would overwrite package.json");
    expect(readFileSync(join(dir, "package.json"), "utf8")).toBe("{}\n");
    expect(existsSync(join(dir, "definitions"))).toBe(false);
  });

  it("a folder it cannot write is exit 2 naming the file, not a crash", async () => {
    const parent = tempDir();
    writeFileSync(join(parent, "file"), "not a folder");
    const r = await cli(["init", join(parent, "file", "app"), "--llmops", ROOT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*file\/app: cannot write README\.md \(ENOTDIR\)\n {2}hint: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it("refuses an existing lockfile or vendored tarball before running npm at all", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "vendor"));
    writeFileSync(join(dir, TARBALL), "mine");
    writeFileSync(join(dir, "package-lock.json"), "{}\n");
    // No npm on PATH: were npm run, this would be exit 3.
    const r = await cli(["init", dir], { env: { PATH: tempDir() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`would overwrite ${TARBALL}, package-lock.json`);
    expect(readdirSync(dir).sort()).toEqual(["package-lock.json", "vendor"]);
    expect(readFileSync(join(dir, TARBALL), "utf8")).toBe("mine");
  });
});
