/** Commander wiring only: parse, call a command, map errors to exit codes. */
import { Command, CommanderError } from "commander";
import { ExitCode, isReportable } from "./errors.ts";
import { formatGenerate, generate } from "./commands/generate.ts";
import { formatValidate, validate } from "./commands/validate.ts";

function print(json: boolean, report: unknown, text: string): void {
  process.stdout.write((json ? JSON.stringify(report, null, 2) : text) + "\n");
}

export async function main(argv: string[]): Promise<number> {
  let code: number = ExitCode.ok;
  const program = new Command()
    .name("llmops")
    .description("Compile typed SLOs, alerts and dashboards for LLM applications into Prometheus, Grafana and Alertmanager files, and prove them with promtool and amtool.")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command("generate")
    .description("compile the definitions into the output directory (atomically; removes files no longer produced)")
    .option("--definitions <path>", "definitions folder or file", "definitions")
    .option("--out <dir>", "output directory", "generated")
    .option("--check", "write nothing; exit 1 listing stale, missing and extra files", false)
    .option("--json", "print a machine-readable report", false)
    .action(async (o: { definitions: string; out: string; check: boolean; json: boolean }) => {
      const r = await generate(o);
      print(o.json, r.report, formatGenerate(r.report));
      code = r.code;
    });

  program
    .command("validate")
    .description("check the generated files: PromQL, promtool check/test rules, and more")
    .option("--definitions <path>", "definitions folder or file", "definitions")
    .option("--out <dir>", "output directory", "generated")
    .option("--promtool <bin>", "promtool binary (default: $PROMTOOL, then PATH)")
    .option("--amtool <bin>", "amtool binary (default: $AMTOOL, then PATH)")
    .option("--json", "print a machine-readable report", false)
    .action(async (o: { definitions: string; out: string; promtool?: string; amtool?: string; json: boolean }) => {
      const r = await validate(o);
      print(o.json, r.report, formatValidate(r.report));
      code = r.code;
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    }
    if (isReportable(e)) {
      process.stderr.write(`error: ${e.format()}\n`);
      return e.exitCode;
    }
    throw e;
  }
  return code;
}
