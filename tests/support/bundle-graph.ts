// What a packaged Lambda loads at cold start: the output files its index.mjs reaches through
// static imports (dynamic `import()`s are not followed), and the npm packages inside them.
import type { Metafile } from "esbuild";

/** Output paths reachable from `entry` through static imports only. */
export function staticClosure(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  return [...seen];
}

/** npm package names whose code is in these outputs ("@scope/name" or "name"). */
export function packagesIn(metafile: Metafile, outputs: string[]): Set<string> {
  const names = new Set<string>();
  for (const output of outputs) {
    for (const input of Object.keys(metafile.outputs[output]?.inputs ?? {})) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match?.[1]) names.add(match[1]);
    }
  }
  return names;
}

/** App files (app/...) whose code is in these outputs. */
export function appFilesIn(metafile: Metafile, outputs: string[]): Set<string> {
  const files = new Set<string>();
  for (const output of outputs) {
    for (const input of Object.keys(metafile.outputs[output]?.inputs ?? {})) {
      if (!input.includes("node_modules")) files.add(input);
    }
  }
  return files;
}
