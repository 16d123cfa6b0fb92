/** TypeScript definitions that fail as modules: syntax, throws, exits, odd exports and values. */
import { renderTs } from "./ast.ts";
import { tsProject, TS_IMPORTS } from "./bases.ts";
import type { DefCase } from "./cases.ts";
import type { Expect } from "./fields.ts";

const SERVICES = `[service({ name: "chat", slos: [slo({ name: "availability", objective: 99.5, sli: sli.availability() })] })]`;
const project = (services = SERVICES, extra = "") => `defineProject({ name: "fuzz", conventions: presets.lab(), services: ${services}${extra} })`;
const withImports = (body: string) => `${TS_IMPORTS}${body}\n`;

export function moduleCases(): DefCase[] {
  const c = (id: string, expect: Expect, files: Record<string, string>, file = "index.ts", says?: string, field?: string): DefCase => ({
    id: `module: ${id}`,
    category: "ts-module",
    expect,
    files,
    file,
    ...(says ? { says } : {}),
    ...(field ? { field } : {}),
  });
  const index = (body: string) => ({ "index.ts": withImports(body) });
  const lib = (libBody: string, indexBody = `import { services } from "./lib.ts";\nexport default ${project("services")};`) => ({ "index.ts": withImports(indexBody), "lib.ts": withImports(libBody) });
  return [
    c("syntax error in index.ts", "bad", index(`export default ${project()}\nconst = ;`)),
    c("syntax error in an imported file", "bad", lib(`export const services = [;`), "lib.ts"),
    c("unterminated string in an imported file", "bad", lib(`export const services = ["oops];`), "lib.ts"),
    c("throw at top level", "bad", index(`throw new Error("fuzz-boom at top level");`), "index.ts", "fuzz-boom"),
    c("throw in an imported file", "bad", lib(`throw new Error("fuzz-boom in lib");\nexport const services = [];`), "lib.ts", "fuzz-boom"),
    c("throw a string", "bad", index(`throw "fuzz-boom string";`), "index.ts", "fuzz-boom"),
    c("throw undefined", "bad", index(`throw undefined;`)),
    c("throw an object whose message getter throws", "bad", index(`throw { get message() { throw new Error("again"); }, toString() { throw new Error("again"); } };`)),
    c("an Error with a 1 MB message", "bad", index(`throw new Error("fuzz-huge " + "m".repeat(1 << 20));`), "index.ts", "fuzz-huge"),
    c("stack overflow at top level", "bad", index(`const f = (n: number): number => f(n + 1) + 1;\nf(0);\nexport default ${project()};`)),
    c("a getter that throws", "bad", index(`export default defineProject({ get name(): string { throw new Error("fuzz-getter"); }, conventions: presets.lab(), services: ${SERVICES} });`), "index.ts", "fuzz-getter"),
    c("a getter on a service that throws", "bad", index(`export default ${project(`[{ name: "chat", get slos() { throw new Error("fuzz-getter slos"); } }]`)};`), "index.ts", "fuzz-getter"),
    c("a Proxy whose get throws", "bad", index(`export default new Proxy(${project()}, { get() { throw new Error("fuzz-proxy get"); } });`), "index.ts", "fuzz-proxy"),
    c("a Proxy whose ownKeys throws", "bad", index(`export default ${project(`[new Proxy({ name: "chat" }, { ownKeys() { throw new Error("fuzz-proxy keys"); } })]`)};`), "index.ts", "fuzz-proxy"),
    c("a default export that rejects", "bad", index(`export default Promise.reject(new Error("fuzz-rejected"));`), "index.ts", "fuzz-rejected"),
    c("a default export that resolves to a project", "either", index(`export default Promise.resolve(${project()});`)),
    c("an unhandled rejection while loading", "bad", index(`Promise.reject(new Error("fuzz-unhandled"));\nexport default ${project()};`)),
    c("process.exit(0) at top level", "bad", index(`process.exit(0);\nexport default ${project()};`)),
    c("process.exit(3) at top level", "bad", index(`process.exit(3);`)),
    c("process.exit(0) in a getter", "bad", index(`export default defineProject({ get name(): string { process.exit(0); }, conventions: presets.lab(), services: ${SERVICES} });`)),
    c("process.exitCode = 0 and a throw", "bad", index(`process.exitCode = 0;\nthrow new Error("fuzz-after-exitcode");`), "index.ts", "fuzz-after-exitcode"),
    c("a circular import", "bad", {
      "index.ts": withImports(`import { services } from "./a.ts";\nexport const NAME = "chat";\nexport default ${project("services")};`),
      "a.ts": withImports(`import { NAME } from "./index.ts";\nexport const services = [service({ name: NAME, slos: [] })];`),
    }, "a.ts"),
    c("import of a missing file", "bad", index(`import { x } from "./nowhere.ts";\nvoid x;\nexport default ${project()};`), "index.ts", "nowhere"),
    c("import of a package that is not installed", "bad", index(`import x from "llmops-fuzz-no-such-package";\nvoid x;\nexport default ${project()};`), "index.ts", "llmops-fuzz-no-such-package"),
    c("default export 42", "bad", index(`export default 42;`)),
    c("default export null", "bad", index(`export default null;`)),
    c("default export a string", "bad", index(`export default "project";`)),
    c("default export an array", "bad", index(`export default [${project()}];`)),
    c("default export a function", "bad", index(`export default () => ${project()};`)),
    c("default export {}", "bad", index(`export default {};`)),
    c("default export without services", "bad", index(`export default { name: "fuzz", conventions: presets.lab() };`), "index.ts", "services"),
    c("no default export", "bad", index(`export const project = ${project()};`)),
    c("services not an array", "bad", index(`export default ${project(`"chat"`)};`), "index.ts", "services"),
    c("a BigInt objective", "bad", index(`export default ${project(`[service({ name: "chat", slos: [slo({ name: "a", objective: 99n as unknown as number, sli: sli.availability() })] })]`)};`), "index.ts", "objective"),
    c("a Symbol name", "bad", index(`export default ${project(`[service({ name: Symbol("chat") as unknown as string })]`)};`), "index.ts", "name"),
    c("a Date name", "bad", index(`export default ${project(`[service({ name: new Date(0) as unknown as string })]`)};`), "index.ts", "name"),
    c("a function objective", "bad", index(`export default ${project(`[service({ name: "chat", slos: [slo({ name: "a", objective: (() => 99) as unknown as number, sli: sli.availability() })] })]`)};`), "index.ts", "objective"),
    c("a cyclic object", "bad", index(`const s = service({ name: "chat" }) as unknown as Record<string, unknown>;\ns.self = s;\nexport default ${project("[s as never]")};`), "index.ts", "self"),
    c("a sparse SLO list", "bad", index(`export default ${project(`[service({ name: "chat", slos: [, slo({ name: "a", objective: 99, sli: sli.availability() })] as never })]`)};`), "index.ts", "slos"),
    c("__proto__ in labels", "either", index(`export default ${project(`[service({ name: "chat", slos: [slo({ name: "a", objective: 99, labels: JSON.parse('{"__proto__": {"x": "y"}}'), sli: sli.availability() })] })]`)};`)),
    c("conventions {}", "bad", index(`export default defineProject({ name: "fuzz", conventions: {} as never, services: ${SERVICES} });`), "index.ts", "conventions"),
    c("conventions with descending buckets", "bad", index(`export default defineProject({ name: "fuzz", conventions: presets.lab({ durationBuckets: [5, 1] }), services: ${SERVICES} });`), "index.ts", "conventions"),
    c("fromYaml of a missing file", "bad", { "index.ts": `import { fromYaml } from "llmops";\n${withImports(`export default ${project(`[...fromYaml("./missing.yaml")]`)};`)}` }, "missing.yaml"),
    c("fromYaml of a bad YAML file", "bad", {
      "index.ts": `import { fromYaml } from "llmops";\n${withImports(`export default ${project(`[...fromYaml("./slos/bad.yaml")]`)};`)}`,
      "slos/bad.yaml": 'version: "prometheus/v1"\nservice: 42\nslos: []\n',
    }, "bad.yaml", undefined, "service"),
    c("a type error only (not checked at run time)", "either", index(`const n: number = "not a number" as unknown as number;\nexport default ${project()};`)),
    c("import.meta and a dynamic import", "valid", { "index.ts": withImports(`const { services } = await import("./lib.ts");\nvoid import.meta.url;\nexport default ${project("services")};`), "lib.ts": withImports(`export const services = ${SERVICES};`) }),
    c("a .ts file as --definitions", "valid", { "project.ts": withImports(`export default ${renderTs(tsProject())};`) }, "project.ts"),
  ].map((x) => (x.id === "module: a .ts file as --definitions" ? { ...x, definitions: "defs/project.ts" } : x));
}
