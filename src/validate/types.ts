import type { Artifact } from "../compile/artifact.ts";
import type { Model } from "../model/types.ts";
import type { Tool } from "./tools.ts";

export interface CheckResult {
  /** Which check: `promql`, `promtool check rules`, `dashboard lint`, … */
  check: string;
  /** Generated path, relative to the output directory. */
  file: string;
  status: "pass" | "fail";
  message: string;
}

export interface ValidateContext {
  outDir: string;
  model: Model;
  artifacts: Artifact[];
  /** Resolved lazily: a check that needs a tool asks for it; a missing one stops validate (exit 3). */
  tool(name: "promtool" | "amtool"): Tool;
}

export type Check = (ctx: ValidateContext) => CheckResult[] | Promise<CheckResult[]>;

export const pass = (check: string, file: string, message: string): CheckResult => ({ check, file, status: "pass", message });
export const fail = (check: string, file: string, message: string): CheckResult => ({ check, file, status: "fail", message });
