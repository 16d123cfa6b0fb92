/** Whole YAML files that are not definitions: syntax, aliases, size, depth, and files that are not regular files. */
import { renderYaml } from "./ast.ts";
import { slothDoc } from "./bases.ts";
import type { DefCase, FileSpec } from "./cases.ts";
import type { Expect } from "./fields.ts";
import { rng } from "./random.ts";

const SLOTH = () => renderYaml([slothDoc()]);

function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = "abcdefghi";
  for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(",")}]`);
  return `version: "prometheus/v1"\nservice: laughs\n${lines.join("\n")}\nslos: *i\n`;
}

function garbage(bytes: number, seed: number): Buffer {
  const next = rng(seed);
  return Buffer.from(Array.from({ length: bytes }, () => Math.floor(next() * 256)));
}

export function fileCases(): DefCase[] {
  const c = (id: string, expect: Expect, files: Record<string, FileSpec>, file = "x.yaml", field?: string): DefCase => ({ id: `yaml file: ${id}`, category: "yaml-file", expect, files, file, ...(field ? { field } : {}) });
  const sloth = SLOTH();
  const bigDescription = `version: "prometheus/v1"\nservice: big\nslos:\n  - name: big\n    objective: 99\n    description: "${"d".repeat(50 << 20)}"\n    sli: { raw: { error_ratio_query: "sum(rate(x[{{.window}}]))" } }\n`;
  return [
    c("unclosed quote", "bad", { "x.yaml": 'version: "prometheus/v1\nservice: x\n' }),
    c("tab indentation", "bad", { "x.yaml": sloth.replace(/^ {2}- name/m, "\t- name") }),
    c("bad indentation", "bad", { "x.yaml": sloth.replace("service: checkout", "service: checkout\n   labels: x") }),
    c("billion laughs", "bad", { "x.yaml": billionLaughs() }),
    c("undefined alias", "bad", { "x.yaml": 'version: "prometheus/v1"\nservice: *nowhere\nslos: []\n' }),
    c("10,000 nested sequences", "bad", { "x.yaml": `version: "prometheus/v1"\nservice: deep\nslos: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n` }),
    c("5,000 nested mappings", "bad", { "x.yaml": `version: "prometheus/v1"\nservice: deep\nlabels:\n${Array.from({ length: 5000 }, (_, i) => `${"  ".repeat(i + 1)}k${i}:`).join("\n")} v\nslos: []\n` }),
    c("50 MB file", "bad", { "x.yaml": bigDescription }),
    c("FIFO named x.yaml", "bad", { "x.yaml": { fifo: true } }),
    c("symlink to /dev/zero", "bad", { "x.yaml": { symlink: "/dev/zero" } }),
    c("symlink to /dev/urandom", "bad", { "x.yaml": { symlink: "/dev/urandom" } }),
    c("dangling symlink", "bad", { "x.yaml": { symlink: "./nowhere.yaml" } }),
    c("symlink to a folder", "either", { "x.yaml": { symlink: "/usr/share" } }),
    c("binary garbage", "bad", { "x.yaml": garbage(64 << 10, 7) }),
    c("NUL bytes", "bad", { "x.yaml": `version: "prometheus/v1"\nservice: "a\u0000b"\nslos: []\n` }),
    c("BOM before a valid spec", "valid", { "x.yaml": `\ufeff${sloth}` }),
    c("CRLF line endings", "valid", { "x.yaml": sloth.replace(/\n/g, "\r\n") }),
    c("empty file alone", "either", { "x.yaml": "" }, "defs"),
    c("empty file beside a spec", "valid", { "x.yaml": "", "sloth.yaml": sloth }),
    c("comments only", "either", { "x.yaml": "# nothing here\n# at all\n" }, "defs"),
    c("a scalar document", "bad", { "x.yaml": "just a string\n" }),
    c("a list document", "bad", { "x.yaml": "- version: prometheus/v1\n" }),
    c("duplicate keys", "bad", { "x.yaml": sloth.replace("service: checkout", "service: checkout\nservice: other") }),
    c("!!binary tag", "bad", { "x.yaml": sloth.replace("service: checkout", "service: !!binary aGVsbG8=") }, "x.yaml", "service"),
    c("unknown tag", "either", { "x.yaml": sloth.replace("service: checkout", "service: !Ref checkout") }),
    c("invalid UTF-8", "either", { "x.yaml": Buffer.concat([Buffer.from(sloth.replace("Checkout requests that succeed.", "")), Buffer.from([0xff, 0xfe, 0x0a])]) }),
    c("second document bad", "bad", { "x.yaml": `${sloth}---\nversion: "prometheus/v1"\nservice: 42\nslos: []\n` }, "x.yaml", "document 2"),
    c("merge key", "either", { "x.yaml": sloth.replace("slos:", "base: &base { objective: 99 }\nslos:") }),
    c("1 MB key", "bad", { "x.yaml": sloth.replace("service: checkout", `service: checkout\n${"k".repeat(1 << 20)}: v`) }),
    c("10,000 empty documents", "either", { "x.yaml": "---\n".repeat(10_000) }),
    c("a folder named x.yaml", "either", { "x.yaml": { dir: true }, "sloth.yaml": sloth }),
    c("a Project document outside llmops.yaml", "bad", { "x.yaml": "apiVersion: llmops/v1\nkind: Project\nname: p\n", "sloth.yaml": sloth }),
    // The Kubernetes form spells the fields in camelCase: a prometheus/v1 spelling under spec is an unknown field.
    c("Sloth CRD (sloth.slok.dev/v1) with prometheus/v1 field names", "bad", {
      "x.yaml": `apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata:\n  name: checkout\n  namespace: monitoring\nspec:\n${sloth.replace(/^version:.*\n/m, "").replace(/^/gm, "  ")}`,
    }, "x.yaml", "error_query"),
    c("an OpenSLO kind llmops does not read", "bad", { "x.yaml": "apiVersion: openslo/v1\nkind: Composite\nmetadata: { name: c }\nspec: {}\n" }, "x.yaml", "kind"),
    c("openslo/v2alpha header", "bad", { "x.yaml": "apiVersion: openslo/v2alpha\nkind: SLO\nmetadata: { name: c }\nspec: {}\n" }, "x.yaml", "apiVersion"),
  ];
}
