/**
 * The two system calls an atomic, exclusive publish needs and node's `fs` lacks: renameat2
 * with RENAME_EXCHANGE (swap two folders in one step) and flock (a lock the kernel releases
 * when its holder dies), called through koffi's FFI from the C library. Where the library or
 * the call is missing (not Linux, an old kernel, a file system without exchange), each says so
 * and the caller falls back.
 */
import { createRequire } from "node:module";

interface Calls {
  renameat2: (olddirfd: number, oldpath: string, newdirfd: number, newpath: string, flags: number) => number;
  flock: (fd: number, op: number) => number;
  errno: () => number;
}

const AT_FDCWD = -100;
const RENAME_EXCHANGE = 1 << 1;
const LOCK_EX = 2;
const LOCK_NB = 4;
const EWOULDBLOCK = 11;
/** Errors that mean "no exchange here": ENOSYS, EINVAL (file system), ENOTSUP. */
const UNSUPPORTED = new Set([38, 22, 95]);

let calls: Calls | null | undefined;

type Koffi = Pick<typeof import("koffi"), "load" | "errno">;

/**
 * koffi's native module, straight from its platform package (what koffi's own entry finds
 * after probing a dozen paths, which takes several times longer than loading it); koffi's
 * entry where that layout is not there.
 */
function koffiModule(): Koffi {
  const req = createRequire(import.meta.url);
  try {
    const platformReq = createRequire(req.resolve("koffi"));
    const dir = platformReq.resolve(`@koromix/koffi-${process.platform}-${process.arch}/package.json`).replace(/package\.json$/, "");
    for (const triplet of [`${process.platform}_${process.arch}`, `musl_${process.arch}`]) {
      try {
        return req(`${dir}${triplet}/koffi.node`) as Koffi;
      } catch {
        // the other C library's build, or koffi's entry below
      }
    }
  } catch {
    // no platform package: koffi's entry finds its own build
  }
  return req("koffi") as Koffi;
}

/** `LLMOPS_NO_NATIVE=1` takes the fallbacks, as a system without these calls would. */
function load(): Calls | null {
  if (process.env.LLMOPS_NO_NATIVE === "1") return null;
  if (calls !== undefined) return calls;
  calls = null;
  if (process.platform !== "linux") return calls;
  try {
    const koffi = koffiModule();
    const libc = koffi.load("libc.so.6");
    calls = {
      renameat2: libc.func("int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags)") as Calls["renameat2"],
      flock: libc.func("int flock(int fd, int op)") as Calls["flock"],
      errno: () => koffi.errno(),
    };
  } catch {
    calls = null;
  }
  return calls;
}

/**
 * Swap folders `a` and `b` in one step: true when done, false where the system cannot, so the
 * caller uses two renames. Any other failure throws.
 */
export function exchange(a: string, b: string): boolean {
  const c = load();
  if (!c) return false;
  if (c.renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) === 0) return true;
  const errno = c.errno();
  if (UNSUPPORTED.has(errno)) return false;
  throw Object.assign(new Error(`renameat2(${a}, ${b}) failed with errno ${errno}`), { errno });
}

/** Try an exclusive flock on `fd` without waiting: true taken, false held by another, undefined where flock is not available. */
export function tryFlock(fd: number): boolean | undefined {
  const c = load();
  if (!c) return undefined;
  if (c.flock(fd, LOCK_EX | LOCK_NB) === 0) return true;
  const errno = c.errno();
  if (errno === EWOULDBLOCK) return false;
  return undefined;
}
