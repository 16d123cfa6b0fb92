/**
 * Known-bad inputs that prove a tool real before its verdicts are trusted: a working promtool or
 * amtool rejects each of them, a stand-in that answers SUCCESS to everything does not.
 */
import type { ExecResult } from "../exec.ts";

export interface Canary {
  /** What the input is, as a message says the tool accepted it. */
  what: string;
  fileName: string;
  content: string;
  /** Arguments for the input's path; relative to the input's folder when run there. */
  args: (path: string) => string[];
  /** The tool is run in the input's folder, as the real call runs it. */
  inFolder?: boolean;
}

const HEAD = "# llmops canary: a working tool must reject this file.\n";

const CANARIES: Record<string, Canary> = {
  "promtool check rules": {
    what: "a rule file whose expression, `sum(rate(llmops_canary[5m])`, does not parse",
    fileName: "canary.rules.yaml",
    content: `${HEAD}groups:\n  - name: llmops-canary\n    rules:\n      - record: llmops:canary\n        expr: sum(rate(llmops_canary[5m])\n`,
    args: (p) => ["check", "rules", p],
  },
  "promtool test rules": {
    what: "a unit test expecting vector(1) to be 2",
    fileName: "canary.test.yaml",
    content: `${HEAD}rule_files: []\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    promql_expr_test:\n      - expr: vector(1)\n        eval_time: 0m\n        exp_samples:\n          - labels: "{}"\n            value: 2\n`,
    args: (p) => ["test", "rules", p],
    inFolder: true,
  },
  "promtool check config": {
    what: "a prometheus.yml whose scrape_interval is not a duration",
    fileName: "canary.prometheus.yml",
    content: `${HEAD}global:\n  scrape_interval: llmops-canary\n`,
    args: (p) => ["check", "config", p],
  },
  "amtool check-config": {
    what: "an alertmanager.yml whose route names a receiver it does not define",
    fileName: "canary.alertmanager.yml",
    content: `${HEAD}route:\n  receiver: llmops-canary-undefined\nreceivers:\n  - name: llmops-canary\n`,
    args: (p) => ["check-config", p],
  },
};

/** The canary for a tool's subcommand, e.g. `promtool test rules`; undefined when it has none. */
export const canaryFor = (tool: string, sub: string): Canary | undefined => CANARIES[`${tool} ${sub}`];

/** A real tool exits non-zero and says FAILED (promtool 2.x and 3.x, amtool 0.2x all do). */
export const rejected = (r: ExecResult): boolean => r.code !== null && r.code !== 0 && /FAILED/.test(r.stdout + r.stderr) && !/SUCCESS/.test(r.stdout + r.stderr);
