/**
 * generate never loses a user's files: it replaces only a folder it wrote, keeps what it did
 * not write, takes turns with other runs on the same folder, and publishes in one step.
 */
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listFiles } from "../../src/write/index.ts";
import { CLI, cli, definitionsDir, project, tempDir } from "../helpers.ts";

const svc = (name: string) => `service({ name: "${name}", slos: [slo({ name: "availability", objective: 99.5, sli: sli.availability() })] })`;
const defsOf = (...services: string[]) => definitionsDir({ "index.ts": project(`[${services.map(svc).join(", ")}]`) });

/** Paths, contents and inodes of every file under `dir` (and its folders): equal only if nothing was touched. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string) => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const p = join(abs, e.name);
      if (e.isDirectory()) {
        out[`${rel}${e.name}/`] = String(statSync(p).ino);
        walk(p, `${rel}${e.name}/`);
      } else out[rel + e.name] = `${statSync(p).ino} ${statSync(p).mtimeMs} ${readFileSync(p, "utf8")}`;
    }
  };
  walk(dir, "");
  return out;
}

/** A user's project: a git repository with definitions, a README and a package.json. */
function userRepo(): { root: string; defs: string } {
  const root = join(tempDir(), "my repo");
  const defs = join(root, "definitions");
  cpSync(defsOf("svc"), defs, { recursive: true });
  writeFileSync(join(root, "README.md"), "# mine\n");
  writeFileSync(join(root, "package.json"), "{}\n");
  execFileSync("git", ["init", "-q", root]);
  return { root, defs };
}

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .*:\d+:\d+/);

/** The file sets a generate of `defs` gives, to tell a whole tree from a mix. */
async function treeOf(defs: string): Promise<string[]> {
  const out = join(tempDir(), "generated");
  expect((await cli(["generate", "--definitions", defs, "--out", out])).code).toBe(0);
  return listFiles(out);
}

describe("generate refuses an output folder it did not write, before touching anything", () => {
  const cases: { name: string; out: (r: { root: string; defs: string }) => string; what: RegExp }[] = [
    { name: "--out . (a git repository's root)", out: () => ".", what: /the output folder is the current folder/ },
    { name: "--out .. (the parent of the repository)", out: () => "..", what: /the output folder holds the current folder/ },
    { name: "--out definitions", out: () => "definitions", what: /the output folder is the definitions/ },
    { name: "a folder holding a .git", out: (r) => join(r.root, "definitions", ".."), what: /is the current folder|holds a git repository/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const repo = userRepo();
      const before = snapshot(join(repo.root, ".."));
      const r = await cli(["generate", "--definitions", "definitions", "--out", c.out(repo)], { cwd: repo.root });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(c.what);
      expect(r.stderr).toMatch(/\n  hint: /);
      noStack(r.stderr);
      expect(snapshot(join(repo.root, "..")), "nothing in or beside the repository changed").toEqual(before);
    });
  }

  it("a folder with a .git inside, elsewhere than the current folder", async () => {
    const repo = userRepo();
    const parent = tempDir();
    const before = snapshot(repo.root);
    const r = await cli(["generate", "--definitions", defsOf("svc"), "--out", repo.root], { cwd: parent });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds a git repository \(\.git\)/);
    expect(snapshot(repo.root)).toEqual(before);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("a non-empty folder with no manifest and no generated files, naming what it holds", async () => {
    const out = join(tempDir(), "notes");
    mkdirSync(out);
    writeFileSync(join(out, "todo.txt"), "mine\n");
    const r = await cli(["generate", "--definitions", defsOf("svc"), "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/notes: the output folder is not empty and llmops did not write it: it has no \.llmops-manifest\.json and holds todo\.txt/);
    expect(readdirSync(out)).toEqual(["todo.txt"]);
  });

  it("a file of the user's at a path generate produces", async () => {
    const defs = defsOf("svc");
    const out = join(tempDir(), "generated");
    expect((await cli(["generate", "--definitions", defs, "--out", out])).code).toBe(0);
    rmSync(join(out, "prometheus/rules/svc.yaml"));
    const manifest = JSON.parse(readFileSync(join(out, ".llmops-manifest.json"), "utf8")) as { generator: string; files: string[] };
    writeFileSync(join(out, ".llmops-manifest.json"), JSON.stringify({ ...manifest, files: manifest.files.filter((f) => f !== "prometheus/rules/svc.yaml") }));
    writeFileSync(join(out, "prometheus/rules/svc.yaml"), "# my own rules\n");
    const before = snapshot(out);
    const r = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/generate would overwrite prometheus\/rules\/svc\.yaml, which llmops did not write/);
    expect(snapshot(out)).toEqual(before);
  });

  it("a file, a path below a file, and a manifest llmops cannot read", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "out"), "a file\n");
    const file = await cli(["generate", "--definitions", defsOf("svc"), "--out", join(dir, "out")]);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/the output path exists and is not a folder/);
    const below = await cli(["generate", "--definitions", defsOf("svc"), "--out", join(dir, "out", "generated")]);
    expect(below.code, below.stderr).toBe(2);
    expect(below.stderr).toMatch(/out is a file, so no folder can be made below it/);
    mkdirSync(join(dir, "gen"));
    writeFileSync(join(dir, "gen", ".llmops-manifest.json"), "{ not json");
    const bad = await cli(["generate", "--definitions", defsOf("svc"), "--out", join(dir, "gen")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\.llmops-manifest\.json is not a manifest llmops wrote/);
  });
});

describe("generate replaces what it wrote and nothing else", () => {
  it("adopts a folder an earlier llmops wrote without a manifest, and then writes one", async () => {
    const defs = defsOf("svc");
    const out = join(tempDir(), "generated");
    expect((await cli(["generate", "--definitions", defs, "--out", out])).code).toBe(0);
    rmSync(join(out, ".llmops-manifest.json"));
    const check = await cli(["generate", "--check", "--definitions", defs, "--out", out]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/missing\s+\.llmops-manifest\.json/);
    const r = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, ".llmops-manifest.json"))).toBe(true);
    expect(r.stdout).not.toMatch(/kept/);
  });

  it("keeps a user's files, folders and symlinks across regenerates, with their inodes", async () => {
    const out = join(tempDir(), "generated");
    expect((await cli(["generate", "--definitions", defsOf("svc", "other"), "--out", out])).code).toBe(0);
    writeFileSync(join(out, "kustomization.yaml"), "resources: []\n");
    mkdirSync(join(out, "prometheus/rules/extra"));
    writeFileSync(join(out, "prometheus/rules/extra/mine.yaml"), "groups: []\n");
    mkdirSync(join(out, "empty"));
    execFileSync("ln", ["-s", "kustomization.yaml", join(out, "link.yaml")]);
    const ino = statSync(join(out, "kustomization.yaml")).ino;
    const r = await cli(["generate", "--definitions", defsOf("svc"), "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, "prometheus/rules/other.yaml"))).toBe(false);
    expect(statSync(join(out, "kustomization.yaml")).ino).toBe(ino);
    expect(readFileSync(join(out, "prometheus/rules/extra/mine.yaml"), "utf8")).toBe("groups: []\n");
    expect(existsSync(join(out, "empty"))).toBe(true);
    expect(readFileSync(join(out, "link.yaml"), "utf8")).toBe("resources: []\n");
    expect(r.stdout).toMatch(/kept 3 files llmops did not write/);
  });
});

/** Start a generate and return its process, with its output collected. */
function start(defs: string, out: string, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [CLI, "generate", "--definitions", defs, "--out", out], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((res) => child.on("close", (code, signal) => res({ code, signal, stderr })));
  return { child, done };
}

const leftovers = (parent: string) => readdirSync(parent).filter((n) => n.startsWith("."));

describe("runs on one folder take turns and publish in one step", () => {
  it("two concurrent generates of different projects end in one project's tree, never a mix", async () => {
    // Many files in one, few in the other: a run that mixed them would stage for long.
    const a = defsOf(...Array.from({ length: 40 }, (_, i) => `svc-${i}`));
    const b = defsOf("gamma");
    const [treeA, treeB] = [await treeOf(a), await treeOf(b)];
    for (let trial = 0; trial < 3; trial++) {
      const parent = tempDir();
      const out = join(parent, "generated");
      const runs = [start(a, out), start(b, out), start(a, out), start(b, out)];
      const results = await Promise.all(runs.map((r) => r.done));
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const got = listFiles(out);
      expect([treeA, treeB]).toContainEqual(got);
      expect(leftovers(parent)).toEqual([]);
    }
  }, 120_000);

  it("a run waits for the holder of the lock, and gives up after LLMOPS_LOCK_TIMEOUT naming it", async () => {
    const parent = tempDir();
    const out = join(parent, "generated");
    const defs = defsOf("svc");
    expect((await cli(["generate", "--definitions", defs, "--out", out])).code).toBe(0);
    // A live process holding the lock file, as a run would while it writes.
    const holder = spawn(process.execPath, ["-e", `require("fs").writeFileSync(${JSON.stringify(join(parent, ".generated.llmops.lock"))}, JSON.stringify({ pid: process.pid, host: require("os").hostname(), start: null })); setTimeout(() => {}, 60000)`], { stdio: "ignore" });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const r = await cli(["generate", "--definitions", defsOf("other"), "--out", out], { env: { LLMOPS_LOCK_TIMEOUT: "1", LLMOPS_NO_NATIVE: "1" } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`waiting: llmops \\(pid ${holder.pid} on .*\\) is writing`));
      expect(r.stderr).toMatch(/has been writing this output folder for over 1 s/);
      expect(existsSync(join(out, "prometheus/rules/svc.yaml"))).toBe(true);
    } finally {
      holder.kill("SIGKILL");
    }
    // The holder is gone: its lock is stale, and the next run takes it over.
    await new Promise((r) => setTimeout(r, 200));
    const after = await cli(["generate", "--definitions", defsOf("other"), "--out", out], { env: { LLMOPS_NO_NATIVE: "1" } });
    expect(after.code, after.stderr).toBe(0);
    expect(existsSync(join(out, "prometheus/rules/other.yaml"))).toBe(true);
    expect(leftovers(parent)).toEqual([]);
  }, 60_000);

  for (const native of [true, false]) {
    it(`kill -9 at random points leaves the old or the new tree, and the next run cleans up (${native ? "rename exchange" : "two renames"})`, async () => {
      const a = defsOf("alpha", "beta");
      const b = defsOf("gamma");
      const [treeA, treeB] = [await treeOf(a), await treeOf(b)];
      const env: NodeJS.ProcessEnv = native ? {} : { LLMOPS_NO_NATIVE: "1" };
      for (let trial = 0; trial < 3; trial++) {
        const parent = tempDir();
        const out = join(parent, "generated");
        expect((await cli(["generate", "--definitions", a, "--out", out], { env })).code).toBe(0);
        const run = start(b, out, env);
        await new Promise((r) => setTimeout(r, 150 + trial * 160));
        run.child.kill("SIGKILL");
        await run.done;
        expect([treeA, treeB], `trial ${trial}`).toContainEqual(listFiles(out));
        const again = await cli(["generate", "--definitions", b, "--out", out], { env });
        expect(again.code, again.stderr).toBe(0);
        expect(listFiles(out)).toEqual(treeB);
        expect(leftovers(parent)).toEqual([]);
      }
    }, 120_000);
  }

  it("a reader polling the output folder sees it at every instant while generates publish", async () => {
    const a = defsOf("alpha", "beta");
    const b = defsOf("gamma");
    const parent = tempDir();
    const out = join(parent, "generated");
    expect((await cli(["generate", "--definitions", a, "--out", out])).code).toBe(0);
    // Counts the polls that found no manifest: a moment with no output folder, or a half tree.
    const reader = spawn(process.execPath, ["-e", `
      const { existsSync } = require("node:fs");
      let polls = 0, absent = 0;
      const end = Date.now() + 60000;
      process.on("SIGTERM", () => { console.log(JSON.stringify({ polls, absent })); process.exit(0); });
      const loop = () => { for (let i = 0; i < 2000; i++) { polls++; if (!existsSync(${JSON.stringify(join(out, ".llmops-manifest.json"))})) absent++; } if (Date.now() < end) setImmediate(loop); };
      loop();`], { stdio: ["ignore", "pipe", "inherit"] });
    let said = "";
    reader.stdout.on("data", (d: Buffer) => (said += d.toString()));
    for (let i = 0; i < 6; i++) expect((await cli(["generate", "--definitions", i % 2 ? a : b, "--out", out])).code).toBe(0);
    const closed = new Promise((r) => reader.once("close", r));
    reader.kill("SIGTERM");
    await closed;
    const seen = JSON.parse(said) as { polls: number; absent: number };
    expect(seen.polls).toBeGreaterThan(1000);
    expect(seen.absent, "polls that found no output folder").toBe(0);
  }, 120_000);

  it("a run that died between the two renames of the fallback publish: the next run finishes it", async () => {
    const a = defsOf("alpha");
    const b = defsOf("gamma");
    const parent = tempDir();
    const out = join(parent, "generated");
    const staged = join(tempDir(), "generated");
    expect((await cli(["generate", "--definitions", a, "--out", out])).code).toBe(0);
    expect((await cli(["generate", "--definitions", b, "--out", staged])).code).toBe(0);
    // The state the first rename leaves: no output folder, the old tree aside, the new one staged.
    renameSync(out, join(parent, ".generated.prev-99999-1"));
    cpSync(staged, join(parent, ".generated.next-99999-1"), { recursive: true });
    writeFileSync(join(parent, ".generated.next-99998-1"), "a partial tree of another dead run\n");
    const r = await cli(["generate", "--check", "--definitions", b, "--out", out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(listFiles(out)).toEqual(listFiles(staged));
    expect(leftovers(parent)).toEqual([]);
  });
});
