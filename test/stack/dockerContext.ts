/** What a compose build needs on disk: its context, its Dockerfile, and every COPY source in the context. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** A COPY source as Docker matches it: a path, or a name with `*` in its last segment. */
function sourceExists(context: string, src: string): boolean {
  if (!src.includes("*")) return existsSync(join(context, src));
  const dir = join(context, dirname(src));
  const re = new RegExp(`^${basename(src).replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  return existsSync(dir) && readdirSync(dir).some((n) => re.test(n));
}

/** What is missing for `build: { context, dockerfile }` of a compose file in `composeDir`; empty when it would build. */
export function missingForBuild(composeDir: string, build: { context: string; dockerfile: string }): string[] {
  const context = resolve(composeDir, build.context);
  if (!existsSync(context)) return [`context ${context}`];
  const dockerfile = join(context, build.dockerfile);
  if (!existsSync(dockerfile)) return [`Dockerfile ${dockerfile}`];
  const sources = readFileSync(dockerfile, "utf8")
    .split("\n")
    .filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l))
    .flatMap((l) => l.trim().split(/\s+/).slice(1, -1));
  return sources.filter((s) => !sourceExists(context, s)).map((s) => `COPY source ${s} in ${context}`);
}
