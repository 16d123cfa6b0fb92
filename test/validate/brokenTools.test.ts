/**
 * validate against broken promtool and amtool binaries: one that hangs (and starts a child of
 * its own), one that answers SUCCESS to everything, one that prints nothing, one that cannot be
 * run. Each is a failed check or a missing tool, never a pass, a hang or a leftover process.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, definitionsDir, project, ROOT, tempDir } from "../helpers.ts";

let defs = "";
let out = "";

beforeAll(async () => {
  defs = definitionsDir({ "index.ts": project(`[service({ name: "svc", slos: [slo({ name: "availability", objective: 99.5, sli: sli.availability() })] })]`) });
  out = join(defs, "generated");
  const r = await cli(["generate", "--definitions", defs, "--out", out]);
  expect(r.code, r.stderr).toBe(0);
  expect(existsSync(join(out, "alertmanager/alertmanager.yml"))).toBe(true);
});

/** An executable shell script standing in for a tool. */
function fakeTool(body: string, name = "tool"): string {
  const path = join(tempDir("llmops-fake-"), name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A tool that hangs, with a grandchild that would outlive it; the grandchild's pid goes to `pids`. */
function hangingTool(pids: string, answersCanary = false): string {
  const canary = answersCanary ? `case "$*" in *canary*) echo "  FAILED:" >&2; exit 1;; esac\n` : "";
  return fakeTool(`${canary}sleep 1000 &\necho $! >> ${pids}\nsleep 1000`);
}

/** Alive and not a zombie waiting for a parent that does not reap it. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

function pidsIn(file: string): number[] {
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map(Number) : [];
}

const validate = (args: string[], env: NodeJS.ProcessEnv = {}) => cli(["validate", "--definitions", defs, "--out", out, ...args], { env });

describe("a hanging tool", () => {
  it("promtool: validate fails within the limit, naming tool, subcommand, file and limit, and leaves no process behind", async () => {
    const pids = join(tempDir(), "pids");
    const t0 = Date.now();
    const r = await validate(["--promtool", hangingTool(pids), "--tool-timeout", "1"]);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+promtool check rules\s+prometheus\/rules\/svc\.yaml\n\s+promtool check rules did not finish within the limit of 1 s \(--tool-timeout 1\) on its canary .*so prometheus\/rules\/svc\.yaml was not checked; it was stopped with every process it started\n\s+hint: raise the limit with --tool-timeout/);
    expect(pidsIn(pids).length).toBeGreaterThan(0);
    expect(pidsIn(pids).filter(alive)).toEqual([]);
  });

  it("promtool that answers its canary, then hangs on the generated file: named with the limit from LLMOPS_TOOL_TIMEOUT", async () => {
    const pids = join(tempDir(), "pids");
    const r = await validate(["--promtool", hangingTool(pids, true)], { LLMOPS_TOOL_TIMEOUT: "1" });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/promtool test rules did not finish within the limit of 1 s \(LLMOPS_TOOL_TIMEOUT=1\) on prometheus\/tests\/svc\.test\.yaml; it was stopped/);
    expect(r.stdout).toMatch(/promtool check rules did not finish within the limit of 1 s \(LLMOPS_TOOL_TIMEOUT=1\) on prometheus\/rules\/svc\.yaml/);
    expect(pidsIn(pids).length).toBeGreaterThan(0);
    expect(pidsIn(pids).filter(alive)).toEqual([]);
  });

  it("amtool: fails the check, leaves no process behind", async () => {
    const pids = join(tempDir(), "pids");
    const r = await validate(["--amtool", hangingTool(pids, true), "--tool-timeout", "5"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+amtool check-config\s+alertmanager\/alertmanager\.yml\n\s+amtool check-config did not finish within the limit of 5 s \(--tool-timeout 5\) on alertmanager\/alertmanager\.yml/);
    expect(pidsIn(pids).filter(alive)).toEqual([]);
  });
});

describe("a tool that says SUCCESS without checking", () => {
  const yes = () => fakeTool(`echo "SUCCESS"`);

  it("a promtool that prints SUCCESS to everything fails every promtool check, naming what it accepted", async () => {
    const r = await validate(["--promtool", yes()]);
    expect(r.code).toBe(1);
    for (const check of ["promtool check rules", "promtool test rules", "promtool check config"]) expect(r.stdout).toMatch(new RegExp(`FAIL\\s+${check}\\s`));
    expect(r.stdout).not.toMatch(/^ok\s+promtool/m);
    expect(r.stdout).toMatch(/promtool at \S+ is not a working promtool: `promtool check rules` accepted a rule file whose expression, `sum\(rate\(llmops_canary\[5m\]\)`, does not parse, which a real promtool rejects, so its verdict on prometheus\/rules\/svc\.yaml means nothing\n/);
    expect(r.stdout).toMatch(/`promtool test rules` accepted a unit test expecting vector\(1\) to be 2/);
  });

  it("an amtool that prints SUCCESS to everything fails check-config", async () => {
    const r = await validate(["--amtool", yes()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+amtool check-config\s+alertmanager\/alertmanager\.yml\n\s+amtool at \S+ is not a working amtool: `amtool check-config` accepted an alertmanager.yml whose route names a receiver it does not define/);
  });

  it("a promtool that rejects the canaries but prints the wrong words for the real files is caught by what it printed", async () => {
    const tool = fakeTool(`case "$*" in *canary*) echo "  FAILED:" >&2; exit 1;; esac\necho "Checking x"\necho "  SUCCESS: 1 rules found"`);
    const r = await validate(["--promtool", tool]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+promtool check rules\s+prometheus\/rules\/svc\.yaml\n\s+promtool reported 1 rules, but the file holds \d+/);
    expect(r.stdout).toMatch(/FAIL\s+promtool test rules\s+prometheus\/tests\/svc\.test\.yaml\n\s+promtool exited 0 but did not report SUCCESS/);
    expect(r.stdout).toMatch(/FAIL\s+promtool check config\s+prometheus\/prometheus\.yml\n\s+promtool exited 0 but did not report "SUCCESS: \S+prometheus\.yml is valid prometheus config file syntax"/);
  });

  it("an amtool that rejects the canary but routes nowhere is caught by the receiver it names", async () => {
    const config = join(out, "alertmanager/alertmanager.yml");
    const tool = fakeTool(`case "$*" in *canary*) echo "FAILED" ; exit 1;; esac\ncase "$1" in check-config) echo "Checking '${config}'  SUCCESS"; echo " - 2 receivers";; esac`);
    const r = await validate(["--amtool", tool]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ok\s+amtool check-config/m);
    expect(r.stdout).toMatch(/FAIL\s+amtool routes test\s+alertmanager\/alertmanager\.yml\n\s+\{.*severity=page.*\}: amtool exited 0 but named no receiver, not oncall/);
  });
});

describe("a tool that prints nothing", () => {
  it("promtool and amtool exiting 0 in silence fail their checks", async () => {
    const quiet = fakeTool("exit 0");
    const r = await validate(["--promtool", quiet, "--amtool", quiet]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/^ok\s+(promtool|amtool)/m);
    expect(r.stdout).toMatch(/is not a working promtool: `promtool check rules` accepted .*\n\s+it exited 0; it printed nothing/);
    expect(r.stdout).toMatch(/is not a working amtool/);
  });

  it("a silent promtool that does reject the canaries fails on its silence about the real files", async () => {
    const tool = fakeTool(`case "$*" in *canary*) echo "  FAILED:" >&2; exit 1;; esac\nexit 0`);
    const r = await validate(["--promtool", tool]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+promtool check rules\s+prometheus\/rules\/svc\.yaml\n\s+promtool exited 0 but did not report "SUCCESS: \d+ rules found"; it printed nothing/);
  });
});

describe("a tool that crashes or floods", () => {
  it("one killed by a signal fails its checks, saying by which", async () => {
    const r = await validate(["--promtool", fakeTool("kill -SEGV $$")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/promtool check rules was killed by SIGSEGV on its canary/);
  });

  it("one that prints 20 MB on one line is quoted in a few hundred characters", async () => {
    const r = await validate(["--promtool", fakeTool(`head -c 20000000 /dev/zero | tr "\\0" "x"`)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/is not a working promtool[^]*x{400}… \(\d+ more characters\)/);
    expect(r.stdout.length).toBeLessThan(100_000);
  });
});

describe("a tool that cannot be run is exit 3", () => {
  it("not executable", async () => {
    const tool = fakeTool("echo SUCCESS");
    chmodSync(tool, 0o644);
    const r = await validate(["--promtool", tool]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/promtool \(--promtool=\S+\) is not executable \(EACCES\)\.\n\s+hint: make it executable \(chmod \+x \S+\), or install it with `apt-get install -y prometheus`/);
    expect(r.stderr).not.toMatch(/Command failed/);
  });

  it("a directory", async () => {
    const r = await validate(["--amtool", tempDir()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/amtool \(--amtool=\S+\) is not a file\.\n\s+hint: install it with `apt-get install -y prometheus-alertmanager`/);
  });

  it("a script whose interpreter does not exist", async () => {
    const tool = fakeTool("");
    writeFileSync(tool, "#!/nonexistent/sh\necho SUCCESS\n");
    const r = await validate(["--promtool", tool]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/promtool \(\S+\) could not be started \(ENOENT: the file or the interpreter its first line names does not exist\)\.\n\s+hint: install it with/);
  });
});

describe("the limit itself", () => {
  it("a --tool-timeout or LLMOPS_TOOL_TIMEOUT that is not a positive number is exit 2", async () => {
    const flag = await validate(["--tool-timeout", "soon"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--tool-timeout: "soon" is not a positive number of seconds\n\s+hint: /);
    const env = await validate([], { LLMOPS_TOOL_TIMEOUT: "0" });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/LLMOPS_TOOL_TIMEOUT: "0" is not a positive number of seconds/);
  });
});

describe("the real tools", () => {
  it("pass on the bundled definitions, with every canary rejected and every count matching", async () => {
    const r = await cli(["validate"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok\s+promtool check rules\s+prometheus\/rules\/llm-agent\.yaml\s+\d+ rules$/m);
    expect(r.stdout).toMatch(/^ok\s+promtool test rules\s+prometheus\/tests\/llm-agent\.test\.yaml\s+\d+ test cases passed$/m);
    expect(r.stdout).toMatch(/^ok\s+amtool check-config\s+alertmanager\/alertmanager\.yml\s+\d+ receivers$/m);
    expect(existsSync(join(ROOT, "generated"))).toBe(true);
  });
});
