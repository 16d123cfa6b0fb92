/** Where `llmops init` says the scaffold gets llmops: the same place the running llmops came from, as npm recorded it. */
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dependencySpec, givenSource, runningSource, vendorPath, type Source } from "../../src/init/source.ts";
import { ROOT, tempDir } from "../helpers.ts";

/** A project that installed llmops with this spec in package.json and this lockfile entry. */
function installedBy(spec: string, entry: Record<string, unknown> | undefined, files: Record<string, string> = {}): string {
  const project = realpathSync(tempDir());
  const pkgDir = join(project, "node_modules/llmops");
  mkdirSync(pkgDir, { recursive: true });
  writeFileSync(join(pkgDir, "package.json"), JSON.stringify({ name: "llmops", version: "1.4.2" }));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "app", dependencies: { llmops: spec } }));
  if (entry) writeFileSync(join(project, "package-lock.json"), JSON.stringify({ lockfileVersion: 3, packages: { "": {}, "node_modules/llmops": entry } }));
  for (const [p, c] of Object.entries(files)) writeFileSync(join(project, p), c);
  return pkgDir;
}

const dep = (s: Source) => [dependencySpec(s), vendorPath(s) ?? null];

describe("the llmops source of a scaffold", () => {
  it("a registry install: that version, whether or not npm kept the tarball URL", () => {
    expect(dep(runningSource(installedBy("^1.4.0", { version: "1.4.2", integrity: "sha512-x" })))).toEqual(["1.4.2", null]);
    expect(dep(runningSource(installedBy("^1.4.0", { version: "1.4.2", resolved: "https://registry.npmjs.org/llmops/-/llmops-1.4.2.tgz" })))).toEqual(["1.4.2", null]);
  });

  it("a git install: the spec package.json gives, else the commit npm resolved", () => {
    expect(dep(runningSource(installedBy("github:acme/llmops#v1.4.2", { version: "1.4.2", resolved: "git+ssh://git@github.com/acme/llmops.git#0123456789abcdef0123456789abcdef01234567" })))).toEqual([
      "github:acme/llmops#v1.4.2",
      null,
    ]);
    expect(dep(runningSource(installedBy("1.4.2", { version: "1.4.2", resolved: "git+https://git.example/llmops.git#0123456789abcdef0123456789abcdef01234567" })))).toEqual([
      "git+https://git.example/llmops.git#0123456789abcdef0123456789abcdef01234567",
      null,
    ]);
  });

  it("a tarball: a URL as it is; a local tarball vendored, since its path exists on this machine only", () => {
    expect(dep(runningSource(installedBy("https://dl.example/llmops-1.4.2.tgz", { version: "1.4.2", resolved: "https://dl.example/llmops-1.4.2.tgz" })))).toEqual(["https://dl.example/llmops-1.4.2.tgz", null]);
    const local = runningSource(installedBy("file:llmops-1.4.2.tgz", { version: "1.4.2", resolved: "file:llmops-1.4.2.tgz" }, { "llmops-1.4.2.tgz": "tarball" }));
    expect(local.kind).toBe("tarball");
    expect(dep(local)).toEqual(["file:vendor/llmops-1.4.2.tgz", "vendor/llmops-1.4.2.tgz"]);
  });

  it("a checkout, a linked folder, or an install npm recorded nothing of: the folder, packed into vendor/", () => {
    expect(dep(runningSource(ROOT))).toEqual(["file:vendor/llmops-0.1.0.tgz", "vendor/llmops-0.1.0.tgz"]);
    expect(runningSource(ROOT)).toMatchObject({ kind: "folder", path: realpathSync(ROOT) });
    expect(dep(runningSource(installedBy("1.4.2", undefined)))).toEqual(["file:vendor/llmops-1.4.2.tgz", "vendor/llmops-1.4.2.tgz"]);
    const gone = installedBy("file:gone.tgz", { version: "1.4.2", resolved: "file:gone.tgz" });
    expect(runningSource(gone)).toMatchObject({ kind: "folder", path: gone });
  });

  it("--llmops: a path, a git URL or GitHub shorthand, a tarball URL, a registry version", () => {
    expect(givenSource(ROOT, "/")).toMatchObject({ kind: "folder", version: "0.1.0" });
    expect(givenSource(`file:${ROOT}`, "/")).toMatchObject({ kind: "folder" });
    for (const g of ["git+https://git.example/llmops.git#v1", "git+ssh://git@github.com/acme/llmops.git", "github:acme/llmops", "acme/llmops#main", "https://git.example/llmops.git"]) {
      expect(dependencySpec(givenSource(g, "/"))).toBe(g);
    }
    expect(dependencySpec(givenSource("https://dl.example/llmops-1.4.2.tgz", "/"))).toBe("https://dl.example/llmops-1.4.2.tgz");
    expect(dependencySpec(givenSource("llmops@1.4.2", "/"))).toBe("1.4.2");
    expect(dependencySpec(givenSource("^1.4", "/"))).toBe("^1.4");
    expect(() => givenSource("llmops@", "/")).toThrow(/is not a path, a git URL or a registry version/);
    expect(() => givenSource("./missing.tgz", "/tmp")).toThrow(/\/tmp\/missing\.tgz does not exist/);
  });
});
