#!/usr/bin/env node
// Runs a TypeScript entry point (benchmarks, the traffic simulator) through jiti.
import { createJiti } from "jiti";
import { resolve } from "node:path";

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error("usage: run-ts.js FILE.ts [args…]");
  process.exit(2);
}
process.argv = [process.argv[0], resolve(entry), ...rest];
const jiti = createJiti(import.meta.url);
await jiti.import(resolve(entry));
