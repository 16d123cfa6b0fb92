/** Exit codes of the CLI contract. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  badInput: 2,
  toolMissing: 3,
  /** A bug in llmops itself (EX_SOFTWARE of sysexits.h). */
  internal: 70,
} as const;

export interface Where {
  /** Definition file or generated path. */
  file?: string;
  /** Dotted path inside it: service, SLO, alert, panel, field. */
  path?: string;
}

/** A mistake in the user's definitions or arguments: exit 2, no stack trace. */
export class UserError extends Error {
  readonly where: Where;
  readonly hint: string;
  readonly exitCode: number = ExitCode.badInput;

  constructor(where: Where, what: string, hint: string) {
    super(what);
    this.name = "UserError";
    this.where = where;
    this.hint = hint;
  }

  format(): string {
    const at = [this.where.file, this.where.path].filter(Boolean).join(": ");
    return `${at ? at + ": " : ""}${this.message}\n  hint: ${this.hint}`;
  }
}

/** Several user errors found in one pass, reported together. */
export class UserErrors extends Error {
  readonly errors: UserError[];
  readonly exitCode: number = ExitCode.badInput;
  constructor(errors: UserError[]) {
    super(errors.map((e) => e.message).join("; "));
    this.name = "UserErrors";
    this.errors = errors;
  }
  format(): string {
    return this.errors.map((e) => e.format()).join("\n");
  }
}

/** A required external tool is not installed: exit 3. */
export class ToolMissingError extends Error {
  readonly exitCode: number = ExitCode.toolMissing;
  constructor(tool: string, install: string) {
    super(`${tool} not found.\n  hint: ${install}`);
    this.name = "ToolMissingError";
  }
  format(): string {
    return this.message;
  }
}

export function isReportable(e: unknown): e is UserError | UserErrors | ToolMissingError {
  return e instanceof UserError || e instanceof UserErrors || e instanceof ToolMissingError;
}
