/**
 * Dangerous `--out` values, each in a fake repository built in a scratch folder (never a real
 * folder of this machine): a refused value leaves the whole sandbox as it was; an accepted one
 * changes nothing outside its output folder and leaves nothing beside it.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { renderTs } from "./ast.ts";
import { tsSource } from "./bases.ts";
import { Call, Raw } from "./ast.ts";
import { leftovers, runCli, sameTree, treeDiff, treeState } from "./exec.ts";
import type { Expect } from "./fields.ts";
import type { Job } from "./processCases.ts";
import { remove, sandbox, writeFiles } from "./sandbox.ts";
import { messageProblems, runProblems, type Problem } from "./verdict.ts";

/** A small project, so each case runs fast; `mimir` adds the Mimir ruler files. */
function small(mimir = false): string {
  const slo = new Call("slo", { name: "availability", objective: 99.5, sli: new Raw("sli.availability()") });
  return tsSource(new Call("defineProject", { name: "repo", conventions: new Raw("presets.lab()"), services: [new Call("service", { name: "chat", slos: [slo] })], ...(mimir ? { outputs: { mimir: true } } : {}) }), (n) => renderTs(n));
}

/** sandbox/repo: a git work tree with definitions, sources, docs, a file and a symlink. */
function fakeRepo(box: string): string {
  const repo = join(box, "repo");
  writeFiles(repo, {
    ".git/HEAD": "ref: refs/heads/main\n",
    ".git/config": "[core]\n\tbare = false\n",
    "README.md": "# repo\n",
    "src/app.txt": "the user's code\n",
    "docs/guide.md": "the user's docs\n",
    "sub/notes.md": "notes\n",
    "file.txt": "a file\n",
    empty: { dir: true },
    "definitions/index.ts": small(),
  });
  symlinkSync("src", join(repo, "link-to-src"));
  return repo;
}

interface OutCase {
  id: string;
  expect: Expect;
  /** The working directory, relative to the repo. */
  cwd?: string;
  out: (repo: string) => string;
  definitions?: string;
  env?: (box: string) => NodeJS.ProcessEnv;
  /** Prepare the sandbox further (a generated folder, a foreign file). */
  setup?: (repo: string) => Promise<void>;
  /** After an accepted run: what must still hold. */
  check?: (repo: string) => Problem[];
}

async function generated(repo: string, out: string, mimir = false): Promise<void> {
  if (mimir) writeFileSync(join(repo, "definitions", "index.ts"), small(true));
  const r = await runCli(["generate", "--definitions", "definitions", "--out", out], { cwd: repo });
  if (r.code !== 0) throw new Error(`setup generate failed: ${r.stderr}`);
  if (mimir) writeFileSync(join(repo, "definitions", "index.ts"), small());
}

const CASES: OutCase[] = [
  { id: "--out . in a git repository", expect: "bad", out: () => "." },
  { id: "--out .. from a subfolder of a repository", expect: "bad", cwd: "sub", definitions: "../definitions", out: () => ".." },
  { id: "--out the definitions folder", expect: "bad", out: () => "definitions" },
  { id: "--out definitions/.. (the repository root)", expect: "bad", out: () => "definitions/.." },
  { id: "--out src/.. (the repository root)", expect: "bad", out: () => "src/.." },
  { id: "--out the absolute repository path", expect: "bad", out: (repo) => repo },
  { id: "--out the parent of the repository", expect: "bad", out: (repo) => dirname(repo) },
  { id: "--out .git", expect: "bad", out: () => ".git" },
  { id: "--out a home folder with a .git", expect: "bad", cwd: "home", definitions: "../definitions", out: () => ".", env: (box) => ({ HOME: join(box, "repo", "home") }), setup: async (repo) => writeFiles(join(repo, "home"), { ".git/HEAD": "ref: refs/heads/main\n", ".bashrc": "export PS1=x\n", "notes.txt": "mine\n" }) },
  { id: "--out $HOME (absolute) holding user files", expect: "bad", out: (repo) => join(repo, "home"), env: (box) => ({ HOME: join(box, "repo", "home") }), setup: async (repo) => writeFiles(join(repo, "home"), { ".profile": "x\n", "photos/a.jpg": "jpeg\n" }) },
  { id: "--out a regular file", expect: "bad", out: () => "file.txt" },
  { id: "--out below a regular file", expect: "bad", out: () => "file.txt/generated" },
  { id: "--out a symlink to a folder of user files", expect: "bad", out: () => "link-to-src" },
  { id: "--out a non-empty folder with no llmops files", expect: "bad", out: () => "docs" },
  { id: "--out a 300-byte name", expect: "bad", out: () => "g".repeat(300) },
  { id: "--out a path of 5,000 bytes", expect: "bad", out: () => Array(25).fill("d".repeat(200)).join("/") },
  { id: "--out with spaces and unicode", expect: "valid", out: () => "out dir/ünïcödé ✓ 生成" },
  { id: "--out with .. segments to a fresh folder", expect: "valid", out: () => "generated/../generated2" },
  { id: "--out an existing empty folder", expect: "valid", out: () => "empty" },
  { id: "--out inside the definitions folder", expect: "valid", out: () => "definitions/generated" },
  { id: "--out a symlink to a folder llmops wrote", expect: "either", out: () => "link-to-gen", setup: async (repo) => { await generated(repo, "gen"); symlinkSync("gen", join(repo, "link-to-gen")); } },
  {
    id: "a user's file in the output folder is kept",
    expect: "valid",
    out: () => "gen",
    setup: async (repo) => {
      await generated(repo, "gen", true);
      writeFileSync(join(repo, "gen", "NOTES.md"), "mine\n");
    },
    check: (repo) => {
      const s = treeState(join(repo, "gen"));
      return s.has("NOTES.md") ? [] : [{ kind: "touched", detail: "gen/NOTES.md, a file llmops did not write, was deleted" }];
    },
  },
  {
    id: "a user's file where generate now writes one",
    expect: "bad",
    out: () => "gen",
    setup: async (repo) => {
      await generated(repo, "gen");
      mkdirSync(join(repo, "gen", "mimir"), { recursive: true });
      writeFileSync(join(repo, "gen", "mimir", "chat.yaml"), "# the user's own ruler file\n");
      writeFileSync(join(repo, "definitions", "index.ts"), small(true));
    },
  },
];

/**
 * Folders by what they hold, not by their mtime: taking the lock beside the output folder
 * (and releasing it) changes its parent's mtime and nothing else.
 */
function settled(state: Map<string, string>): Map<string, string> {
  return new Map([...state].map(([p, s]) => [p, s.startsWith("dir:") ? s.replace(/:\d+$/, "") : s]));
}

function outside(state: Map<string, string>, outRel: string): Map<string, string> {
  const prefix = outRel.endsWith("/") ? outRel : `${outRel}/`;
  // The folders above the output folder change (their mtime, or they are created with it).
  return new Map([...state].filter(([p]) => !(p === prefix || p.startsWith(prefix) || p === outRel || (p.endsWith("/") && prefix.startsWith(p)) || new RegExp(`(^|/)\\.${basename(outRel).replace(/[.*+?^$(){}|[\]\\]/g, "\\$&")}\\.`).test(p))));
}

export function outPathJobs(): Job[] {
  return CASES.map((c) => ({
    id: `out-path: ${c.id}`,
    category: "out-path",
    run: async () => {
      const box = sandbox();
      try {
        const repo = fakeRepo(box);
        await c.setup?.(repo);
        const cwd = join(repo, c.cwd ?? ".");
        mkdirSync(cwd, { recursive: true });
        const out = c.out(repo);
        const before = settled(treeState(box));
        const r = await runCli(["generate", "--definitions", c.definitions ?? "definitions", "--out", out], { cwd, ...(c.env ? { env: c.env(box) } : {}) });
        const after = settled(treeState(box));
        const problems: Problem[] = runProblems(r);
        const refused = c.expect === "bad" || (c.expect === "either" && r.code !== 0);
        if (refused) {
          if (r.code === 0) problems.push({ kind: "accepted", detail: `exit 0 for --out ${out.slice(0, 80)}` });
          else if (r.code !== 2) problems.push({ kind: "wrong-exit", detail: `exit ${r.code}: ${r.stderr.trim().split("\n")[0]?.slice(0, 160)}` });
          else problems.push(...messageProblems(r, "", undefined));
          if (!sameTree(before, after)) problems.push({ kind: "touched", detail: treeDiff(before, after).join(", ") });
        } else {
          if (r.code !== 0) problems.push({ kind: "rejected", detail: `exit ${r.code}: ${r.stderr.trim().split("\n")[0]?.slice(0, 200)}` });
          const outRel = resolve(cwd, out).slice(box.length + 1);
          const real = outRel === "repo/link-to-gen" ? "repo/gen" : outRel;
          const changed = treeDiff(outside(before, real), outside(after, real));
          if (changed.length) problems.push({ kind: "touched", detail: `outside the output folder: ${changed.join(", ")}` });
          const left = leftovers(dirname(resolve(cwd, out)), basename(resolve(cwd, out)));
          if (left.length) problems.push({ kind: "leftover", detail: left.join(", ") });
          problems.push(...(c.check?.(repo) ?? []));
        }
        return { id: `out-path: ${c.id}`, category: "out-path", expect: c.expect, code: r.code, ms: r.ms, rssMb: r.rssMb, problems };
      } finally {
        remove(box);
      }
    },
  }));
}
