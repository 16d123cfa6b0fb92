/** Finding promtool and amtool: flag, then environment variable, then PATH. */
import { existsSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";
import { ToolMissingError } from "../errors.ts";

export const INSTALL_HINT = {
  promtool: "install it with `apt-get install -y prometheus` (Debian/Ubuntu) or from https://prometheus.io/download/, or pass --promtool PATH or set PROMTOOL",
  amtool: "install it with `apt-get install -y prometheus-alertmanager` (Debian/Ubuntu) or from https://prometheus.io/download/, or pass --amtool PATH or set AMTOOL",
} as const;

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function findTool(name: keyof typeof INSTALL_HINT, flag?: string): string {
  const env = process.env[name.toUpperCase()];
  const candidate = flag || env;
  if (candidate) {
    const found = isAbsolute(candidate) || candidate.includes("/") ? (existsSync(candidate) ? candidate : undefined) : onPath(candidate);
    if (!found) throw new ToolMissingError(`${name} (${flag ? "--" + name : name.toUpperCase()}=${candidate})`, INSTALL_HINT[name]);
    return found;
  }
  const found = onPath(name);
  if (!found) throw new ToolMissingError(name, INSTALL_HINT[name]);
  return found;
}
