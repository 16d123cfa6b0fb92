/** Prints the seconds load → check → compile takes in-process for a definitions folder. */
import { build } from "../src/commands/build.ts";

const dir = process.argv[2]!;
await build(dir); // warm-up: module loading and JIT
const t0 = performance.now();
await build(dir);
console.log(((performance.now() - t0) / 1000).toFixed(3));
