/**
 * promtool and amtool: found through the flag, then the environment variable, then PATH; run
 * under a deadline; and proven real by a known-bad input before their verdicts count.
 */
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { ToolMissingError } from "../errors.ts";
import { canaryFor, rejected } from "./canary.ts";
import { scaledLimit, type Limit } from "./deadline.ts";
import { run, type ExecResult } from "../exec.ts";

export type ToolName = "promtool" | "amtool";

export const INSTALL_HINT = {
  promtool: "install it with `apt-get install -y prometheus` (Debian/Ubuntu) or from https://prometheus.io/download/, or pass --promtool PATH or set PROMTOOL",
  amtool: "install it with `apt-get install -y prometheus-alertmanager` (Debian/Ubuntu) or from https://prometheus.io/download/, or pass --amtool PATH or set AMTOOL",
} as const;

/** A tool that is there but cannot be run: exit 3 like a missing one, saying what is wrong. */
export class ToolUnusableError extends ToolMissingError {
  constructor(tool: string, why: string, install: string) {
    super(tool, install);
    this.name = "ToolUnusableError";
    this.message = `${tool} ${why}.\n  hint: ${install}`;
  }
}

/** Why `path` cannot be run as a program, or undefined when it can. */
function unrunnable(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return "is not a file";
    accessSync(path, constants.X_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "not found" : code === "EACCES" ? "is not executable (EACCES)" : `cannot be run (${code ?? String(e)})`;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (!unrunnable(p)) return p;
  }
  return undefined;
}

export function findTool(name: ToolName, flag?: string): string {
  const env = process.env[name.toUpperCase()];
  const candidate = flag || env;
  if (candidate) {
    const what = `${name} (${flag ? "--" + name : name.toUpperCase()}=${candidate})`;
    if (!isAbsolute(candidate) && !candidate.includes("/")) {
      const found = onPath(candidate);
      if (!found) throw new ToolMissingError(what, INSTALL_HINT[name]);
      return found;
    }
    const why = unrunnable(candidate);
    if (why === "not found") throw new ToolMissingError(what, INSTALL_HINT[name]);
    if (why) throw new ToolUnusableError(what, why, why.includes("EACCES") ? `make it executable (chmod +x ${candidate}), or ${INSTALL_HINT[name]}` : INSTALL_HINT[name]);
    // promtool test rules runs in the test file's folder: a relative path must not change meaning there.
    return resolve(candidate);
  }
  const found = onPath(name);
  if (!found) throw new ToolMissingError(name, INSTALL_HINT[name]);
  return found;
}

export interface ToolCall {
  /** The subcommand as messages name it, e.g. "test rules"; it selects the canary too. */
  sub: string;
  args: string[];
  cwd?: string;
  /** The generated file the call checks, as messages name it. */
  file: string;
  bytes: number;
  testCases?: number;
}

export type ToolAnswer =
  | { ok: true; result: ExecResult; out: string; /** What the tool said to its canary. */ canaryOut: string }
  | { ok: false; problem: string };

/** The end of what a tool printed, for a failure message: a few lines, none of them endless. */
const tail = (s: string) =>
  s
    .trim()
    .split("\n")
    .slice(-15)
    .map((l) => (l.length > 400 ? `${l.slice(0, 400)}… (${l.length - 400} more characters)` : l))
    .join("\n");
export const printed = (out: string) => (out ? `it printed:\n${tail(out)}` : "it printed nothing");
/** A tool's "no", in its own words. */
export const refusal = (r: ExecResult) => tail(r.stdout + r.stderr) || `exited ${r.code} and printed nothing`;

const quote = (s: string) => (/^[\w./=:@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** What a canary run found: the problem for a given checked file, if the tool is not to be trusted. */
interface Proof {
  problem?: (file: string) => string;
  out: string;
}

/** One tool for one validate run: each subcommand's canary runs once, before the first real call. */
export class Tool {
  private readonly proofs = new Map<string, Promise<Proof>>();

  constructor(
    readonly name: ToolName,
    readonly path: string,
    private readonly override: Limit | undefined,
  ) {}

  limit(bytes: number, testCases = 0): Limit {
    return this.override ?? scaledLimit(bytes, testCases);
  }

  async call(c: ToolCall): Promise<ToolAnswer> {
    const proof = await this.prove(c.sub);
    if (proof.problem) return { ok: false, problem: proof.problem(c.file) };
    const limit = this.limit(c.bytes, c.testCases);
    const r = await this.exec(c.args, c.cwd, limit);
    const failed = this.abnormal(r, c.sub, `on ${c.file}`, limit, c.args);
    return failed ? { ok: false, problem: failed } : { ok: true, result: r, out: (r.stdout + r.stderr).trim(), canaryOut: proof.out };
  }

  private async exec(args: string[], cwd: string | undefined, limit: Limit): Promise<ExecResult> {
    try {
      return await run(this.path, args, { cwd, timeoutMs: limit.seconds * 1000 });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === "ENOENT" ? "could not be started (ENOENT: the file or the interpreter its first line names does not exist)" : `could not be started (${err.code ?? err.message})`;
      throw new ToolUnusableError(`${this.name} (${this.path})`, why, INSTALL_HINT[this.name]);
    }
  }

  /** A timeout or a crash, told as the check's failure; undefined when the tool answered. */
  private abnormal(r: ExecResult, sub: string, on: string, limit: Limit, args: string[]): string | undefined {
    const command = [this.path, ...args].map(quote).join(" ");
    if (r.timedOut) {
      return [
        `${this.name} ${sub} did not finish within the limit of ${limit.seconds} s (${limit.how}) ${on}; it was stopped with every process it started`,
        `hint: raise the limit with --tool-timeout SECONDS or LLMOPS_TOOL_TIMEOUT=SECONDS, or check the tool: ${command}`,
      ].join("\n");
    }
    if (r.code === null) return `${this.name} ${sub} was killed by ${r.signal ?? "a signal"} ${on}: ${command}`;
    return undefined;
  }

  private prove(sub: string): Promise<Proof> {
    let p = this.proofs.get(sub);
    if (!p) this.proofs.set(sub, (p = this.runCanary(sub)));
    return p;
  }

  private async runCanary(sub: string): Promise<Proof> {
    const canary = canaryFor(this.name, sub);
    if (!canary) return { out: "" };
    const dir = mkdtempSync(join(tmpdir(), "llmops-canary-"));
    try {
      const path = join(dir, canary.fileName);
      writeFileSync(path, canary.content);
      const args = canary.args(canary.inFolder ? canary.fileName : path);
      const limit = this.limit(canary.content.length);
      const r = await this.exec(args, canary.inFolder ? dir : undefined, limit);
      const out = (r.stdout + r.stderr).trim();
      const before = (file: string) => `on its canary (${canary.what}: the known-bad input that proves it real), so ${file} was not checked`;
      if (this.abnormal(r, sub, "", limit, args)) return { out, problem: (file) => this.abnormal(r, sub, before(file), limit, args)! };
      if (rejected(r)) return { out };
      return {
        out,
        problem: (file) =>
          [
            `${this.name} at ${this.path} is not a working ${this.name}: \`${this.name} ${sub}\` accepted ${canary.what}, which a real ${this.name} rejects, so its verdict on ${file} means nothing`,
            `it exited ${r.code}; ${printed(out)}`,
            `hint: point --${this.name} or ${this.name.toUpperCase()} at the real ${this.name}; ${INSTALL_HINT[this.name].replace(/, or pass .*$/, "")}`,
          ].join("\n"),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** The major version a tool reports for `--version` (`promtool, version 2.42.0 (…)`), or undefined. */
export async function toolMajorVersion(path: string): Promise<{ major: number; version: string } | undefined> {
  let r: ExecResult;
  try {
    r = await run(path, ["--version"], { timeoutMs: 15_000 });
  } catch {
    return undefined;
  }
  const m = /\bversion\s+v?((\d+)\.\d+\.\d+\S*)/.exec(r.stdout + r.stderr);
  return m ? { major: Number(m[2]), version: m[1]! } : undefined;
}

/** The promtool checks that read the generated PromQL, and so need Prometheus 3 for UTF-8 names. */
export const PROMTOOL_CHECKS = ["promtool check rules", "promtool test rules", "promtool check config"];

/**
 * The generated files use UTF-8 metric and label names in Prometheus 3's quoted form
 * (`{"gen_ai.client.operation.duration_seconds_count"}`), which promtool 2.x cannot parse: exit 3,
 * as for a missing tool, saying which checks need promtool 3 and how to point validate at one.
 */
export class ToolTooOldError extends ToolMissingError {
  constructor(path: string, version: string, translation: string) {
    super("promtool", "");
    this.name = "ToolTooOldError";
    this.message = [
      `promtool at ${path} is version ${version}, but the generated files use UTF-8 metric and label names (translation ${translation}) in Prometheus 3's quoted form, which Prometheus 2 cannot parse.`,
      `  The checks ${PROMTOOL_CHECKS.join(", ")} need promtool 3.0 or later; they were not run.`,
      "  hint: pass --promtool PATH or set PROMTOOL to a promtool 3.x (https://prometheus.io/download/, or Debian's promtool 3 package), or choose a translation that escapes names (UnderscoreEscapingWithSuffixes) if the metrics reach a Prometheus 2",
    ].join("\n");
  }
}
