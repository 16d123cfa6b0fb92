/**
 * Writes files on a worker thread once there are many, so the main thread goes on compiling
 * while the kernel creates them. Creating a file costs from 30 µs to over 400 µs depending on
 * the disk (a busy ext4 journal, a network volume), and a project of 1,000 SLOs writes 1,300
 * files: on a slow disk, written one after another, that was as long as the compile itself.
 * The first files are written in place; the worker starts only past them, where it pays for
 * its own start-up.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Worker } from "node:worker_threads";

/** Files written in place before the worker starts. */
const IN_PLACE = 64;

/** The worker: `[path, content]` writes a file; `null` answers with the first error, or none. */
const WORKER = `
const { parentPort } = require("node:worker_threads");
const { mkdirSync, writeFileSync } = require("node:fs");
const { dirname } = require("node:path");
const folders = new Set();
let failure = null;
parentPort.on("message", (m) => {
  if (m === null) return parentPort.postMessage({ error: failure });
  if (failure !== null) return;
  try {
    const folder = dirname(m[0]);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    writeFileSync(m[0], m[1]);
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
});
`;

export class FileWriter {
  private written = 0;
  private worker: Worker | undefined;
  private readonly folders = new Set<string>();

  /** Write `content` to the absolute `path`, creating its folder; errors surface from `close`. */
  write(path: string, content: string): void {
    if (++this.written <= IN_PLACE) {
      const folder = dirname(path);
      if (!this.folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        this.folders.add(folder);
      }
      writeFileSync(path, content);
      return;
    }
    this.worker ??= new Worker(WORKER, { eval: true });
    this.worker.postMessage([path, content]);
  }

  /** Resolves once every file is on disk; rejects with the first write that failed. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    try {
      const error = await new Promise<string | null>((resolve, reject) => {
        worker.once("message", (m: { error: string | null }) => resolve(m.error));
        worker.once("error", reject);
        worker.postMessage(null);
      });
      if (error !== null) throw new Error(`writing the output failed: ${error}`);
    } finally {
      await worker.terminate();
    }
  }
}
