// Reads terraform/**/*.tf (and *.tfvars) into JSON with @cdktf/hcl2json, for structural tests that
// need no terraform binary. hcl2json keeps expressions as "${...}" strings and nested blocks as
// arrays of objects.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const terraformDir = join(repoRoot, "terraform");

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Obj = { [key: string]: Json };

export type Block = {
  /** Path relative to terraform/, with "/" separators. */
  file: string;
  /** Directory of the module relative to terraform/ ("" for the stack itself). */
  dir: string;
  type: string;
  name: string;
  body: Obj;
};

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The objects of a nested block (`rule { ... }` → [{...}]), whatever hcl2json made of it. */
export function nested(body: Obj | undefined, key: string): Obj[] {
  const value = body?.[key];
  if (Array.isArray(value)) return value.filter(isObj);
  return isObj(value) ? [value] : [];
}

/** The single nested block `key`; throws when it is missing or repeated. */
export function one(body: Obj | undefined, key: string): Obj {
  const blocks = nested(body, key);
  if (blocks.length !== 1) throw new Error(`expected one "${key}" block, found ${blocks.length}`);
  return blocks[0] as Obj;
}

/** The contents of `dynamic "key" { content { ... } }` blocks. */
export function dynamicContents(body: Obj, key: string): Obj[] {
  return nested(body, "dynamic").flatMap((dynamic) => nested(dynamic, key).flatMap((block) => nested(block, "content")));
}

function listFiles(dir: string, suffixes: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      if (entry.name === ".terraform") return [];
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(path, suffixes);
      return suffixes.some((suffix) => entry.name.endsWith(suffix)) ? [path] : [];
    })
    .sort();
}

export type Terraform = {
  files: Map<string, Obj>;
  /** Top-level blocks of one kind: resource and data blocks by type, others (module, variable, output, provider) by label. */
  blocks: (kind: "resource" | "data", type?: string) => Block[];
  labelled: (kind: "module" | "variable" | "output" | "provider", dir?: string) => Block[];
  /** `terraform { ... }` blocks. */
  settings: () => Block[];
  resource: (dir: string, type: string, name: string) => Obj;
  variableDefault: (dir: string, name: string) => Json | undefined;
  tfvars: (dir: string) => Obj;
};

const posix = (path: string) => path.split(sep).join("/");
const dirOf = (file: string) => (file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "");

export async function loadTerraform(root = terraformDir): Promise<Terraform> {
  const files = new Map<string, Obj>();
  for (const path of listFiles(root, [".tf", ".tfvars"])) {
    const parsed: unknown = await parse(path, readFileSync(path, "utf8"));
    if (!isObj(parsed)) throw new Error(`hcl2json returned no object for ${path}`);
    files.set(posix(relative(root, path)), parsed);
  }

  const blocks = (kind: "resource" | "data", type?: string): Block[] => {
    const out: Block[] = [];
    for (const [file, json] of files) {
      const byType = json[kind];
      if (!isObj(byType)) continue;
      for (const [blockType, byName] of Object.entries(byType)) {
        if (type && blockType !== type) continue;
        if (!isObj(byName)) continue;
        for (const [name, bodies] of Object.entries(byName)) {
          for (const body of Array.isArray(bodies) ? bodies.filter(isObj) : []) {
            out.push({ file, dir: dirOf(file), type: blockType, name, body });
          }
        }
      }
    }
    return out;
  };

  const labelled = (kind: "module" | "variable" | "output" | "provider", dir?: string): Block[] => {
    const out: Block[] = [];
    for (const [file, json] of files) {
      if (dir !== undefined && dirOf(file) !== dir) continue;
      const byName = json[kind];
      if (!isObj(byName)) continue;
      for (const [name, bodies] of Object.entries(byName)) {
        for (const body of Array.isArray(bodies) ? bodies.filter(isObj) : []) {
          out.push({ file, dir: dirOf(file), type: kind, name, body });
        }
      }
    }
    return out;
  };

  const settings = (): Block[] => {
    const out: Block[] = [];
    for (const [file, json] of files) {
      for (const body of nested(json, "terraform")) out.push({ file, dir: dirOf(file), type: "terraform", name: "", body });
    }
    return out;
  };

  const resource = (dir: string, type: string, name: string): Obj => {
    const found = blocks("resource", type).filter((b) => b.dir === dir && b.name === name);
    if (found.length !== 1) throw new Error(`expected one resource ${type}.${name} in terraform/${dir}, found ${found.length}`);
    return (found[0] as Block).body;
  };

  const variableDefault = (dir: string, name: string): Json | undefined => {
    const found = labelled("variable", dir).filter((b) => b.name === name);
    if (found.length !== 1) throw new Error(`expected one variable "${name}" in terraform/${dir}, found ${found.length}`);
    return (found[0] as Block).body.default;
  };

  const tfvars = (dir: string): Obj => {
    const json = files.get(`${dir}/terraform.tfvars`);
    if (!json) throw new Error(`no terraform/${dir}/terraform.tfvars`);
    return json;
  };

  return { files, blocks, labelled, settings, resource, variableDefault, tfvars };
}
