/** Every bad-definitions case: field mutants of each format, whole-file and module-level cases. */
import { renderTs, renderYaml, type Node } from "./ast.ts";
import { opensloDocs, projectDoc, slothDoc, slothKubernetesDoc, tsProject, tsSource, TS_IMPORTS } from "./bases.ts";
import type { Expect } from "./fields.ts";
import { distinct, mutants } from "./mutate.ts";
import { OPENSLO_RULES, OPENSLO_SERVICE_RULES, PROJECT_RULES, SLOTH_KUBERNETES_RULES, SLOTH_RULES, TS_RULES } from "./rules.ts";
import { fileCases } from "./fileCases.ts";
import { moduleCases } from "./moduleCases.ts";

/** A file of the definitions folder: text, bytes, or something that is not a regular file. */
export type FileSpec = string | Buffer | { fifo: true } | { symlink: string } | { dir: true };

export interface DefCase {
  id: string;
  category: string;
  expect: Expect;
  /** The definitions folder `defs/` of the sandbox. */
  files: Record<string, FileSpec>;
  /** `--definitions`, relative to the sandbox (default `defs`). */
  definitions?: string;
  /** The file the error must name (its base name). */
  file: string;
  /** A word the error must carry: the field's key (any one of several). */
  field?: string | string[];
  /** A fragment the error must carry besides (a user's own message). */
  says?: string;
}

const tsText = (root: Node) => tsSource(root, (n) => renderTs(n));

function tsCases(): DefCase[] {
  return distinct(mutants(tsProject(), TS_RULES, (p) => p[0] === "conventions")).map((m) => ({
    id: `dsl ${m.id}`,
    category: "dsl",
    expect: m.expect,
    files: { "index.ts": tsText(m.root) },
    file: "index.ts",
    field: m.field,
  }));
}

function slothCases(): DefCase[] {
  const forms: [string, Node, typeof SLOTH_RULES][] = [
    ["sloth", slothDoc(), SLOTH_RULES],
    ["sloth kubernetes", slothKubernetesDoc(), SLOTH_KUBERNETES_RULES],
  ];
  return forms.flatMap(([id, doc, rules]) =>
    distinct(mutants(doc, rules)).map((m) => ({
      id: `${id} ${m.id}`,
      category: "sloth",
      expect: m.expect,
      files: { "sloth.yaml": renderYaml([m.root]) },
      file: "sloth.yaml",
      field: m.field,
    })),
  );
}

function opensloCases(): DefCase[] {
  const docs = opensloDocs();
  const seen = new Set<string>();
  return docs.flatMap((doc, i) => {
    const kind = String((doc as { kind: string }).kind);
    // The header is one schema for every kind: mutated once, on the first document.
    const header = (p: (string | number)[]) => i > 0 && (p[0] === "apiVersion" || (p[0] === "metadata" && p[1] !== "name"));
    return distinct(mutants(doc, kind === "Service" ? OPENSLO_SERVICE_RULES : OPENSLO_RULES, header), kind).flatMap((m) => {
      const id = `openslo ${kind} ${m.id}`;
      if (seen.has(id)) return [];
      seen.add(id);
      const all = docs.map((d, j) => (j === i ? m.root : d));
      // A renamed document breaks the references to it: an error naming the dangling reference names the fault too.
      const name = String((doc as { metadata: { name: string } }).metadata.name);
      const field = m.path[0] === "metadata" && m.path[1] === "name" ? [...m.field, `"${name}"`] : m.field;
      return [{ id, category: "openslo", expect: m.expect, files: { "openslo.yaml": renderYaml(all) }, file: "openslo.yaml", field }];
    });
  });
}

function projectCases(): DefCase[] {
  const sloth = renderYaml([slothDoc()]);
  return distinct(mutants(projectDoc(), PROJECT_RULES)).map((m) => ({
    id: `llmops.yaml ${m.id}`,
    category: "llmops.yaml",
    expect: m.expect,
    files: { "llmops.yaml": renderYaml([m.root]), "sloth.yaml": sloth },
    file: "llmops.yaml",
    field: m.field,
  }));
}

/** The valid bases, each expected to generate: proof that a failure is the mutation's. */
export function baseCases(): DefCase[] {
  return [
    { id: "base TypeScript project", category: "dsl", expect: "valid", files: { "index.ts": tsText(tsProject()) }, file: "index.ts" },
    { id: "base Sloth", category: "sloth", expect: "valid", files: { "sloth.yaml": renderYaml([slothDoc()]) }, file: "sloth.yaml" },
    { id: "base Sloth Kubernetes", category: "sloth", expect: "valid", files: { "sloth.yaml": renderYaml([slothKubernetesDoc()]) }, file: "sloth.yaml" },
    { id: "base OpenSLO", category: "openslo", expect: "valid", files: { "openslo.yaml": renderYaml(opensloDocs()) }, file: "openslo.yaml" },
    { id: "base llmops.yaml", category: "llmops.yaml", expect: "valid", files: { "llmops.yaml": renderYaml([projectDoc()]), "sloth.yaml": renderYaml([slothDoc()]) }, file: "llmops.yaml" },
  ];
}

export function definitionCases(): DefCase[] {
  return [...baseCases(), ...tsCases(), ...slothCases(), ...opensloCases(), ...projectCases(), ...fileCases(), ...moduleCases()];
}

export { TS_IMPORTS };
