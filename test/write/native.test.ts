/** The system calls behind the atomic publish and the lock, on this machine. */
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exchange, tryFlock } from "../../src/write/native.ts";
import { ROOT, tempDir } from "../helpers.ts";

describe("native calls", () => {
  it("renameat2 exchanges two folders in one step", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "a"));
    mkdirSync(join(dir, "b"));
    writeFileSync(join(dir, "a/which"), "a");
    writeFileSync(join(dir, "b/which"), "b");
    expect(exchange(join(dir, "a"), join(dir, "b")), "Linux has RENAME_EXCHANGE: the publish must not fall back here").toBe(true);
    expect(readFileSync(join(dir, "a/which"), "utf8")).toBe("b");
    expect(readFileSync(join(dir, "b/which"), "utf8")).toBe("a");
  });

  it("flock: a lock another process holds is refused, and free once that process dies", async () => {
    const file = join(tempDir(), "lock");
    writeFileSync(file, "");
    const holder = spawn(process.execPath, ["--input-type=module", "-e", `
      import { openSync } from "node:fs";
      import { createJiti } from "jiti";
      const { tryFlock } = await createJiti(import.meta.url).import(${JSON.stringify(join(ROOT, "src/write/native.ts"))});
      console.log(tryFlock(openSync(${JSON.stringify(file)}, "r+")));
      setTimeout(() => {}, 60000);`], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    try {
      const said = await new Promise<string>((res) => holder.stdout.once("data", (d: Buffer) => res(d.toString().trim())));
      expect(said).toBe("true");
      const fd = openSync(file, "r+");
      expect(tryFlock(fd)).toBe(false);
      holder.kill("SIGKILL");
      await new Promise((r) => holder.once("close", r));
      expect(tryFlock(fd), "the kernel released the dead holder's lock").toBe(true);
      closeSync(fd);
    } finally {
      holder.kill("SIGKILL");
    }
  }, 30_000);
});
