declare module "@architect/parser" {
  /** Parses .arc text into pragmas (see https://arc.codes). */
  export default function parse(text: string): unknown;
}

declare module "virtual:remix-server-build" {
  // Resolved at bundle time to build/server/<this Lambda's name>/index.js (arc/tooling/lambda-bundle.ts).
  import type { ServerBuild } from "@remix-run/node";
  const build: ServerBuild;
  export = build;
}

declare module "virtual:remix-browser-manifest" {
  // Resolved at bundle time to the build's browser manifest (every route of the app).
  import type { ServerBuild } from "@remix-run/node";
  const manifest: ServerBuild["assets"];
  export default manifest;
}
