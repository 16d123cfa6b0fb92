/** Commander wiring only: parse, call a command, map errors to exit codes. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { ExitCode, isReportable } from "./errors.ts";
import { UserError, UserErrors } from "./errors.ts";
import { describeThrown, thrownByUser, userException } from "./load/boundary.ts";
import { PACKAGE_DIR } from "./paths.ts";

function print(json: boolean, report: unknown, text: string): void {
  process.stdout.write((json ? JSON.stringify(report, null, 2) : text) + "\n");
}

/** An error as the one JSON document `--json` promises: `{ ok: false, error: { file, path, message, hint } }`. */
function errorJson(e: unknown): { ok: false; error: { file: string | null; path: string | null; message: string; hint: string | null }; errors?: unknown[] } {
  const one = (u: UserError) => ({ file: u.where.file ?? null, path: u.where.path ?? null, message: u.message, hint: u.hint });
  if (e instanceof UserErrors) return { ok: false, error: one(e.errors[0]!), errors: e.errors.map(one) };
  if (e instanceof UserError) return { ok: false, error: one(e) };
  const [message, hint] = (e instanceof Error ? e.message : String(e)).split("\n  hint: ");
  return { ok: false, error: { file: null, path: null, message: message!, hint: hint ?? null } };
}

/**
 * What no command reported: the user's code throwing outside the definitions' load (a timer,
 * a promise nobody awaited) is theirs (exit 2); anything else is a bug of ours (exit 70), said
 * in one line. The trace waits behind LLMOPS_DEBUG=1 and is frames only: node's own report
 * of an uncaught error quotes the source line, which in the bundle is minified code.
 */
function crash(e: unknown, json: boolean): number {
  const error = thrownByUser(e) ? userException(e, "definitions") : undefined;
  if (error) {
    process[json ? "stdout" : "stderr"].write(json ? JSON.stringify(errorJson(error), null, 2) + "\n" : `error: ${error.format()}\n`);
    return error.exitCode;
  }
  const message = `internal error: ${describeThrown(e)}`;
  const hint = "this is a bug in llmops; set LLMOPS_DEBUG=1 for a trace";
  const trace = (e instanceof Error && typeof e.stack === "string" ? e.stack : "").split("\n").filter((l) => /^\s+at /.test(l)).slice(0, 15).map((l) => l.slice(0, 300));
  const debug = process.env.LLMOPS_DEBUG === "1" && trace.length ? `\n${trace.join("\n")}` : "";
  if (json) process.stdout.write(JSON.stringify({ ok: false, error: { file: null, path: null, message, hint } }, null, 2) + "\n");
  process.stderr.write(json ? debug.replace(/^\n/, "") + (debug ? "\n" : "") : `error: ${message}\n  hint: ${hint}${debug}\n`);
  return ExitCode.internal;
}

function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = ExitCode.ok;
  const json = argv.includes("--json");
  // Errors no await reaches (a timer's, a promise nobody awaited) end the run the same way.
  const exit = process.exit.bind(process);
  process.on("uncaughtException", (e) => exit(crash(e, json)));
  process.on("unhandledRejection", (e) => exit(crash(e, json)));
  const program = new Command()
    .name("llmops")
    .version(version(), "-V, --version", "print the version of llmops")
    .description("Compile typed SLOs, alerts and dashboards for LLM applications into Prometheus, Grafana and Alertmanager files, and prove them with promtool and amtool.")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command("generate")
    .description("compile the definitions into the output directory (atomically; removes files no longer produced)")
    .option("--definitions <path>", "definitions folder or file", "definitions")
    .option("--out <dir>", "output directory", "generated")
    .option("--check", "write nothing; exit 1 listing stale, missing and extra files", false)
    .option("--default-window <window>", "period of SLOs that give no window, e.g. 28d (default: defaultWindow of the project, else 30d)")
    .option("--json", "print a machine-readable report", false)
    .action(async (o: { definitions: string; out: string; check: boolean; json: boolean; defaultWindow?: string }) => {
      // Each command loads only what it needs: generate never pays for validate's schemas.
      const { formatGenerate, generate } = await import("./commands/generate.ts");
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
    .option("--tool-timeout <seconds>", "limit for every promtool/amtool call (default: $LLMOPS_TOOL_TIMEOUT, else scaled to the file)")
    .option("--default-window <window>", "period of SLOs that give no window, e.g. 28d (default: defaultWindow of the project, else 30d)")
    .option("--json", "print a machine-readable report", false)
    .action(async (o: { definitions: string; out: string; promtool?: string; amtool?: string; toolTimeout?: string; json: boolean; defaultWindow?: string }) => {
      const { formatValidate, validate } = await import("./commands/validate.ts");
      const r = await validate(o);
      print(o.json, r.report, formatValidate(r.report));
      code = r.code;
    });

  program
    .command("init")
    .description("scaffold a GitOps repository: definitions, package.json and its lockfile, a README and a CI workflow (never overwrites)")
    .argument("[dir]", "folder to create the files in", ".")
    .option("--llmops <source>", "where the repository installs llmops from: a folder or tarball (packed into vendor/), a git URL, or a registry version (default: where this llmops came from)")
    .option("--json", "print a machine-readable report", false)
    .action(async (dir: string, o: { llmops?: string; json: boolean }) => {
      const { formatInit, init } = await import("./commands/init.ts");
      const r = await init({ dir, ...(o.llmops !== undefined ? { llmops: o.llmops } : {}) });
      print(o.json, r.report, formatInit(r.report));
      code = r.code;
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (json && e.exitCode !== 0) process.stdout.write(JSON.stringify(errorJson(new Error(e.message.replace(/^error: /, ""))), null, 2) + "\n");
      return e.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    }
    if (isReportable(e) && json) {
      process.stdout.write(JSON.stringify(errorJson(e), null, 2) + "\n");
      return e.exitCode;
    }
    if (isReportable(e)) {
      process.stderr.write(`error: ${e.format()}\n`);
      return e.exitCode;
    }
    return crash(e, json);
  }
  return code;
}
