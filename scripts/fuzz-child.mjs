// Runs the llmops CLI in this very process and, when the process ends however it ends
// (process.exit in the definitions included), writes its peak RSS in KiB to
// $FUZZ_RUSAGE_FILE: the fuzz suite bounds memory without GNU time.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const report = process.env.FUZZ_RUSAGE_FILE;
if (report) {
  process.on("exit", () => {
    try {
      writeFileSync(report, String(process.resourceUsage().maxRSS));
    } catch {
      // A full or vanished sandbox: the sampled peak stands.
    }
  });
}
const cli = new URL("../bin/llmops.js", import.meta.url);
process.argv.splice(1, 1, fileURLToPath(cli));
await import(cli.href);
