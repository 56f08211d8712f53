// The Stripe SDK sends application/x-www-form-urlencoded bodies (and GET query strings) with
// bracket notation: `line_items[0][price]=price_x&subscription_data[metadata][userId]=u1`,
// `expand[0]=items`. This turns them back into the nested objects and arrays Stripe's API sees.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

function keyPath(name: string): string[] {
  const head = /^[^[]*/.exec(name)?.[0] ?? name;
  const rest = [...name.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((match) => match[1] ?? "");
  return [head, ...rest];
}

function isIndex(segment: string): boolean {
  return segment === "" || /^\d+$/.test(segment);
}

export function parseFormBody(text: string | URLSearchParams): FormObject {
  const params = typeof text === "string" ? new URLSearchParams(text) : text;
  const root: FormObject = {};
  for (const [name, value] of params) {
    const path = keyPath(name);
    let node: FormObject | FormValue[] = root;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      const container = node as Record<string, FormValue> & FormValue[];
      const key: string | number = Array.isArray(node) ? (segment === "" ? node.length : Number(segment)) : segment;
      if (last) {
        container[key as never] = value as never;
        return;
      }
      const next = path[i + 1] as string;
      const existing = container[key as never] as FormValue | undefined;
      if (existing === undefined || typeof existing === "string") {
        container[key as never] = (isIndex(next) ? [] : {}) as never;
      }
      node = container[key as never] as FormObject | FormValue[];
    });
  }
  return root;
}

/** Reads a string field (top level or nested by path), or undefined. */
export function field(body: FormValue | undefined, ...path: Array<string | number>): string | undefined {
  let node: FormValue | undefined = body;
  for (const segment of path) {
    if (node === undefined || typeof node === "string") return undefined;
    node = Array.isArray(node) ? node[Number(segment)] : node[String(segment)];
  }
  return typeof node === "string" ? node : undefined;
}

/** A nested object of strings (e.g. `metadata`), or {}. */
export function stringMap(body: FormValue | undefined): Record<string, string> {
  if (!body || typeof body === "string" || Array.isArray(body)) return {};
  return Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

export function bool(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : value === "true";
}
