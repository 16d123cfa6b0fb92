/**
 * npm, as `init` calls it: under a deadline that kills npm with everything it started (git,
 * tar, install scripts), and with a failure told as what init was doing and npm's own words.
 */
import { ToolMissingError, UserError } from "../errors.ts";
import { run, type ExecResult } from "../exec.ts";

/** Seconds each npm call may take (`LLMOPS_NPM_TIMEOUT`): resolving a git source clones it. */
export const NPM_TIMEOUT_SECONDS = 180;

export function npmTimeoutSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LLMOPS_NPM_TIMEOUT;
  if (raw === undefined || raw === "") return NPM_TIMEOUT_SECONDS;
  const s = Number(raw);
  if (!(s > 0)) throw new UserError({ file: "LLMOPS_NPM_TIMEOUT" }, `"${raw}" is not a number of seconds`, "unset it, or give a positive number such as 300");
  return s;
}

/** npm's `npm error` lines, which say why; the log path and blank lines say nothing more. */
function npmReason(stderr: string): string {
  const lines = stderr.split("\n").filter((l) => /^npm (error|ERR!)/.test(l) && !/A complete log of this run|^npm (error|ERR!)\s*$/.test(l));
  return (lines.length ? lines : stderr.trim().split("\n")).slice(0, 6).join("\n    ");
}

export interface NpmCall {
  /** What init was doing, e.g. "writing package-lock.json for llmops@1.2.3". */
  doing: string;
  cwd: string;
  hint: string;
}

/** Runs `npm ARGS` to completion; resolves with its stdout, or throws a UserError / ToolMissingError. */
export async function npm(args: string[], call: NpmCall): Promise<string> {
  const seconds = npmTimeoutSeconds();
  const command = `npm ${args.join(" ")}`;
  let r: ExecResult;
  try {
    // Its own process group, so the deadline ends npm's children (git, tar, scripts) too.
    r = await run("npm", args, { cwd: call.cwd, timeoutMs: seconds * 1000 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new ToolMissingError("npm", "init installs llmops with npm: install Node.js with npm (https://nodejs.org/), or put npm on PATH");
    throw new UserError({ file: "npm" }, `${call.doing}: could not run ${command}: ${(e as Error).message}`, call.hint);
  }
  if (r.timedOut) {
    throw new UserError({ file: "npm" }, `${call.doing}: ${command} did not finish within ${seconds} s and was stopped`, `check the network and the llmops source, or allow more time with LLMOPS_NPM_TIMEOUT=<seconds>`);
  }
  if (r.code !== 0) {
    const why = r.signal ? `was killed by ${r.signal}` : `exited with ${r.code}`;
    throw new UserError({ file: "npm" }, `${call.doing}: ${command} ${why}:\n    ${npmReason(r.stderr)}`, call.hint);
  }
  return r.stdout;
}
