/**
 * How long one promtool or amtool call may take: scaled to what it is given, or one limit for
 * every call from `--tool-timeout` / `LLMOPS_TOOL_TIMEOUT`.
 *
 * On Debian's promtool 2.42, `test rules` takes about 0.1 s per test case (a 114 KB file of 23
 * test cases, 2.5 s) and `check rules` well under a second for any file llmops writes; the
 * scale leaves an order of magnitude for a loaded CI machine.
 */
import { UserError } from "../errors.ts";

export const DEADLINE = {
  baseSeconds: 10,
  secondsPerKB: 0.1,
  secondsPerTestCase: 1,
} as const;

export interface Limit {
  seconds: number;
  /** Where the number comes from, as a failure message states it. */
  how: string;
}

const round = (x: number) => Math.round(x * 10) / 10;

/** The limit for a call given `bytes` of input holding `testCases` test cases. */
export function scaledLimit(bytes: number, testCases = 0): Limit {
  const kb = bytes / 1024;
  const seconds = round(DEADLINE.baseSeconds + DEADLINE.secondsPerKB * kb + DEADLINE.secondsPerTestCase * testCases);
  const terms = [`${DEADLINE.baseSeconds} s`, `${DEADLINE.secondsPerKB} s/KB × ${round(kb)} KB`];
  if (testCases) terms.push(`${DEADLINE.secondsPerTestCase} s × ${testCases} test cases`);
  return { seconds, how: terms.join(" + ") };
}

/** The one limit the user set, if any: the flag wins over the environment. Bad values are exit 2. */
export function toolTimeoutOverride(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Limit | undefined {
  const [raw, source] = flag !== undefined ? [flag, "--tool-timeout"] : [env.LLMOPS_TOOL_TIMEOUT, "LLMOPS_TOOL_TIMEOUT"];
  if (raw === undefined || (raw === "" && source === "LLMOPS_TOOL_TIMEOUT")) return undefined;
  const seconds = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
    throw new UserError({ file: source }, `"${raw}" is not a positive number of seconds`, `give a positive number of seconds for every promtool and amtool call, e.g. ${source === "--tool-timeout" ? "--tool-timeout 120" : "LLMOPS_TOOL_TIMEOUT=120"}; without it each call's limit scales with its file`);
  }
  return { seconds, how: source === "--tool-timeout" ? `--tool-timeout ${raw}` : `LLMOPS_TOOL_TIMEOUT=${raw}` };
}
