/**
 * validate with a broken promtool or amtool (one that hangs, one that says SUCCESS to
 * everything, one that prints nothing, one that is not executable, one that dies of a
 * signal): it must exit 1 or 3 within its deadline and leave none of their processes running.
 */
import { chmodSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Call, Raw, renderTs } from "./ast.ts";
import { tsSource } from "./bases.ts";
import { runCli } from "./exec.ts";
import type { Job } from "./processCases.ts";
import { remove, sandbox, writeFiles } from "./sandbox.ts";
import { runProblems, type Problem } from "./verdict.ts";

const TIMEOUT_S = 3;
/** Every tool call may take its deadline; validate makes a few dozen. */
const VALIDATE_LIMITS = { wallMs: 120_000, rssMb: 1024 };

/** Each fake records its pid and its child's in `pids`, so orphans can be found. */
const FAKES: { id: string; script: string; executable?: boolean }[] = [
  { id: "hangs", script: 'echo $$ >> "$PIDS"; sleep 600 & echo $! >> "$PIDS"; wait' },
  { id: "prints SUCCESS to everything", script: 'echo $$ >> "$PIDS"; echo "SUCCESS"; echo "Checking $*  SUCCESS: 0 rules found"; exit 0' },
  { id: "prints nothing and exits 0", script: 'echo $$ >> "$PIDS"; exit 0' },
  { id: "is not executable", script: "exit 0", executable: false },
  { id: "dies of SIGSEGV", script: 'echo $$ >> "$PIDS"; kill -SEGV $$' },
  { id: "prints 50 MB and exits 0", script: 'echo $$ >> "$PIDS"; head -c 52428800 /dev/zero | tr "\\0" "x"; exit 0' },
];

/** Running, not a zombie waiting for a parent (an init that does not reap) to collect it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

function project(): string {
  const slo = new Call("slo", { name: "availability", objective: 99.5, sli: new Raw("sli.availability()") });
  return tsSource(new Call("defineProject", { name: "tools", conventions: new Raw("presets.lab()"), services: [new Call("service", { name: "chat", slos: [slo] })] }), (n) => renderTs(n));
}

export function brokenToolJobs(): Job[] {
  return (["promtool", "amtool"] as const).flatMap((tool) =>
    FAKES.filter((f) => tool === "promtool" || f.id === "hangs" || f.id === "prints SUCCESS to everything").map((f) => {
      const id = `validate-tools: ${tool} ${f.id}`;
      return {
        id,
        category: "validate-tools",
        run: async () => {
          const box = sandbox();
          const pidsFile = join(box, "pids");
          try {
            writeFiles(box, { "defs/index.ts": project(), [`bin/${tool}`]: `#!/bin/sh\n${f.script}\n` });
            chmodSync(join(box, "bin", tool), f.executable === false ? 0o644 : 0o755);
            const gen = await runCli(["generate", "--definitions", "defs", "--out", "out"], { cwd: box });
            if (gen.code !== 0) return { id, category: "validate-tools", expect: "tool", code: gen.code, ms: gen.ms, rssMb: gen.rssMb, problems: [{ kind: "rejected", detail: `setup generate failed: ${gen.stderr.split("\n")[0]}` }] };
            const r = await runCli(["validate", "--definitions", "defs", "--out", "out", `--${tool}`, join(box, "bin", tool), "--tool-timeout", String(TIMEOUT_S)], { cwd: box, env: { PIDS: pidsFile }, limits: VALIDATE_LIMITS });
            const problems: Problem[] = runProblems(r, "validate");
            if (!r.timedOut && r.code !== 1 && r.code !== 3) problems.push({ kind: r.code === 0 ? "accepted" : "wrong-exit", detail: `validate exits ${r.code} with a ${tool} that ${f.id}: ${(r.stderr || r.stdout).trim().split("\n")[0]?.slice(0, 160)}` });
            const pids = existsSync(pidsFile) ? readFileSync(pidsFile, "utf8").split(/\s+/).filter(Boolean).map(Number) : [];
            const orphans = r.timedOut ? [] : pids.filter(alive);
            if (orphans.length) problems.push({ kind: "orphan", detail: `${orphans.length} processes of the fake ${tool} still running` });
            for (const pid of pids) {
              try {
                process.kill(pid, "SIGKILL");
              } catch {
                // Gone, as it should be.
              }
            }
            return { id, category: "validate-tools", expect: "tool", code: r.code, ms: r.ms, rssMb: r.rssMb, problems };
          } finally {
            remove(box);
          }
        },
      };
    }),
  );
}
