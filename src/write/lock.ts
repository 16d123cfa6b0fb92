/**
 * One generate at a time per output folder, through a lock file beside the folder that names
 * its holder. Where flock is available the kernel holds the lock; elsewhere the file itself
 * is the lock, and a holder that died (its pid gone, or reused by another process: the start
 * time differs) leaves a stale lock that the next run takes over.
 */
import { closeSync, constants, fstatSync, ftruncateSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { UserError } from "../errors.ts";
import { tryFlock } from "./native.ts";

interface Holder {
  pid: number;
  host: string;
  /** Field 22 of /proc/<pid>/stat where there is one: tells a reused pid from the holder. */
  start: string | null;
}

/** How long a run waits for another to finish with the same folder (seconds; `LLMOPS_LOCK_TIMEOUT`). */
export const LOCK_WAIT_SECONDS = 120;

export function lockPath(dir: string): string {
  return join(dirname(dir), `.${basename(dir)}.llmops.lock`);
}

function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses; fields after it do not.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function alive(h: Holder): boolean {
  if (h.host !== hostname()) return true; // cannot tell: only the timeout helps
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  const now = startTime(h.pid);
  return h.start === null || now === null || now === h.start;
}

function readHolder(path: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, "utf8")) as Partial<Holder>;
    return typeof h.pid === "number" && typeof h.host === "string" ? { pid: h.pid, host: h.host, start: h.start ?? null } : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Lock {
  release(): void;
}

/** Wait for a turn: throws past the deadline, tells `notify` once that this run waits. */
function waiter(out: string, path: string, notify: (holder: string) => void) {
  const waitMs = Number(process.env.LLMOPS_LOCK_TIMEOUT ?? LOCK_WAIT_SECONDS) * 1000;
  const t0 = Date.now();
  let told = false;
  return async (): Promise<void> => {
    const holder = readHolder(path);
    const who = holder ? `llmops (pid ${holder.pid} on ${holder.host})` : "another llmops run";
    if (Date.now() - t0 > waitMs) {
      throw new UserError(
        { file: out },
        `${who} has been writing this output folder for over ${Math.round(waitMs / 1000)} s`,
        `wait for it to finish, or, if no llmops runs, remove ${path}; LLMOPS_LOCK_TIMEOUT sets the wait in seconds`,
      );
    }
    if (!told) notify(who);
    told = true;
    await sleep(50);
  };
}

function record(fd: number, me: Holder): void {
  ftruncateSync(fd, 0);
  writeSync(fd, JSON.stringify(me) + "\n", 0);
}

/**
 * Take the lock of output folder `dir` (whose parent exists), waiting while another run holds
 * it. With flock, the kernel releases it when its holder dies, however it dies. The holder
 * removes the file on release; a run that locked the file just removed sees that its inode is
 * no longer the lock's, and starts over.
 */
export async function acquire(dir: string, out: string, notify: (holder: string) => void): Promise<Lock> {
  const path = lockPath(dir);
  const me: Holder = { pid: process.pid, host: hostname(), start: startTime(process.pid) };
  const wait = waiter(out, path, notify);
  for (;;) {
    const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644);
    const got = tryFlock(fd);
    if (got === undefined) {
      closeSync(fd);
      return pidLock(path, me, wait);
    }
    if (got && fstatSync(fd).ino === statSync(path, { throwIfNoEntry: false })?.ino) {
      record(fd, me);
      const release = () => {
        process.off("exit", release);
        rmSync(path, { force: true });
        closeSync(fd);
      };
      process.on("exit", release);
      return { release };
    }
    closeSync(fd);
    if (!got) await wait();
  }
}

/**
 * Without flock: the file is created exclusively and names its holder; a lock whose holder is
 * gone is moved aside and, when what was moved is not that stale lock (another run took it
 * over first), put back.
 */
async function pidLock(path: string, me: Holder, wait: () => Promise<void>): Promise<Lock> {
  let unreadable = 0;
  for (;;) {
    try {
      const fd = openSync(path, "wx");
      try {
        record(fd, me);
      } finally {
        closeSync(fd);
      }
      const release = () => {
        process.off("exit", release);
        if (readHolder(path)?.pid === me.pid) rmSync(path, { force: true });
      };
      process.on("exit", release);
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = readHolder(path);
    // Unreadable: a holder between creating and writing it, or one that died there.
    if (holder ? !alive(holder) : ++unreadable > 40) {
      const aside = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, aside);
        const moved = readHolder(aside);
        if (holder && moved && moved.pid !== holder.pid) linkSync(aside, path);
      } catch {
        // Another run took it over first.
      }
      rmSync(aside, { force: true });
      unreadable = 0;
      continue;
    }
    await wait();
  }
}
