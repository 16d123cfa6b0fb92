/**
 * npm, as `init` calls it: under a deadline that kills npm with everything it started (git,
 * tar, install scripts), and with a failure told as what init was doing and npm's own words.
 */
import { spawn } from "node:child_process";
import { ToolMissingError, UserError } from "../errors.ts";

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
export function npm(args: string[], call: NpmCall): Promise<string> {
  const seconds = npmTimeoutSeconds();
  const command = `npm ${args.join(" ")}`;
  return new Promise((resolve, reject) => {
    // Its own process group, so the deadline ends npm's children too.
    const child = spawn("npm", args, { cwd: call.cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, seconds * 1000);
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === "ENOENT") reject(new ToolMissingError("npm", "init installs llmops with npm: install Node.js with npm (https://nodejs.org/), or put npm on PATH"));
      else reject(new UserError({ file: "npm" }, `${call.doing}: could not run ${command}: ${e.message}`, call.hint));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new UserError({ file: "npm" }, `${call.doing}: ${command} did not finish within ${seconds} s and was stopped`, `check the network and the llmops source, or allow more time with LLMOPS_NPM_TIMEOUT=<seconds>`));
      } else if (code !== 0) {
        const why = signal ? `was killed by ${signal}` : `exited with ${code}`;
        reject(new UserError({ file: "npm" }, `${call.doing}: ${command} ${why}:\n    ${npmReason(stderr)}`, call.hint));
      } else resolve(stdout);
    });
  });
}
