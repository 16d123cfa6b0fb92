/** The generated files are what the definitions produce now. */
import { diff, isClean } from "../write/index.ts";
import { fail, pass, type Check } from "./types.ts";

export const fresh: Check = (ctx) => {
  const d = diff(ctx.outDir, ctx.artifacts);
  if (isClean(d)) return [pass("fresh", ".", `${ctx.artifacts.length} files match the definitions`)];
  return [
    ...d.stale.map((f) => fail("fresh", f, "differs from what the definitions generate; run `llmops generate`")),
    ...d.missing.map((f) => fail("fresh", f, "missing; run `llmops generate`")),
    ...d.extra.map((f) => fail("fresh", f, "not produced by the definitions; run `llmops generate` to remove it")),
  ];
};
