// Builds each app.arc Lambda's handler with esbuild:
// - "dev": arc/<kind>/<fn>/index.mjs for `arc sandbox`, dependencies left in node_modules;
// - "unbundled": the same in production mode, as grunge-stack ships it (the benchmark's baseline);
// - "package": one self-contained, minified index.mjs per Lambda (no node_modules), for the zip.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { brotliCompressSync, constants as zlibConstants } from "node:zlib";
import * as esbuild from "esbuild";
import { readArcMap, repoRoot, type LambdaFunction } from "../app-map";
import { appVersion } from "../../scripts/app-version";

export type BundleMode = "dev" | "unbundled" | "package";

// esbuild turns `require()` inside ESM into a throwing shim unless a real `require` exists.
const requireBanner = "import { createRequire as __calcappCreateRequire } from 'node:module'; const require = __calcappCreateRequire(import.meta.url);";

/** `virtual:remix-server-build` → build/server/<this Lambda>/index.js. */
function serverBuildPlugin(fn: LambdaFunction): esbuild.Plugin {
  return {
    name: "remix-server-build",
    setup(build) {
      build.onResolve({ filter: /^virtual:remix-server-build$/ }, () => {
        const path = join(repoRoot, "build", "server", fn.name, "index.js");
        if (!existsSync(path)) {
          return { errors: [{ text: `No Remix server bundle for Lambda "${fn.name}" at ${relative(repoRoot, path)}: run npm run build` }] };
        }
        return { path };
      });
    },
  };
}

/** `virtual:remix-browser-manifest` → the browser manifest (all routes) the Vite build wrote. */
const browserManifestPlugin: esbuild.Plugin = {
  name: "remix-browser-manifest",
  setup(build) {
    build.onResolve({ filter: /^virtual:remix-browser-manifest$/ }, (args) => ({ path: args.path, namespace: "browser-manifest" }));
    build.onLoad({ filter: /.*/, namespace: "browser-manifest" }, () => {
      const assets = join(repoRoot, "build", "client", "assets");
      const files = existsSync(assets) ? readdirSync(assets).filter((f) => /^manifest-[\w-]+\.js$/.test(f)) : [];
      if (files.length !== 1) {
        return { errors: [{ text: `Expected one build/client/assets/manifest-*.js, found ${files.length}: run npm run build` }] };
      }
      const text = readFileSync(join(assets, files[0] as string), "utf8");
      const json = text.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, "");
      return { contents: `export default ${JSON.stringify(JSON.parse(json))};`, loader: "js" };
    });
  },
};

/**
 * Modules the adapters can load but our handlers never use: @remix-run/node's fetch polyfills
 * (undici, @remix-run/web-fetch; Node 20 has fetch built in) and @architect/functions (only for
 * @remix-run/architect's DynamoDB session storage, which we do not use). Leaving them out is most
 * of the cold-start win; each resolves to a module that fails loudly if anything ever loads it.
 */
const unusedModules = /^(undici|@remix-run\/web-fetch|@architect\/functions)$/;
const leaveOutUnused: esbuild.Plugin = {
  name: "leave-out-unused",
  setup(build) {
    build.onResolve({ filter: unusedModules }, (args) => ({ path: args.path, namespace: "left-out" }));
    // Loading it must succeed (adapters require them at the top level); using it fails loudly.
    build.onLoad({ filter: /.*/, namespace: "left-out" }, (args) => ({
      contents: `module.exports = new Proxy({}, { get(_, key) {
        if (typeof key === "symbol" || key === "__esModule" || key === "default") return undefined;
        throw new Error(${JSON.stringify(`${args.path} is left out of the Lambda bundle`)});
      } });`,
      loader: "js",
    }));
  },
};

/**
 * Prisma's query compiler arrives as a module exporting its WebAssembly as base64 text (2.3 MB,
 * ~0.9 MB zipped). Packaged, it ships beside the chunk that needs it as the .wasm compressed with
 * Brotli (1.7 MB → 0.53 MB; the zip's deflate gets it only to 0.68 MB), which that chunk inflates
 * (~10 ms, on the first database request only) and hands to Prisma in the shape it expects.
 * Compressing takes seconds, so the result is cached by the wasm's hash (decision 018).
 */
function brotliOnce(wasm: Buffer): Buffer {
  const cacheDir = join(repoRoot, "node_modules", ".cache", "calcapp-prisma-wasm");
  const cached = join(cacheDir, `${createHash("sha256").update(wasm).digest("hex")}.br`);
  if (existsSync(cached)) return readFileSync(cached);
  const compressed = brotliCompressSync(wasm, {
    params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: wasm.length },
  });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(`${cached}.${process.pid}`, compressed);
  renameSync(`${cached}.${process.pid}`, cached);
  return compressed;
}

function prismaWasmAsFile(chunksDir: string): esbuild.Plugin {
  return {
    name: "prisma-wasm-file",
    setup(build) {
      build.onResolve({ filter: /query_compiler_\w+_bg\.\w+\.wasm-base64\.m?js$/ }, async (args) => {
        if (args.pluginData === "prisma-wasm-file") return undefined;
        const resolved = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: "prisma-wasm-file" });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: resolved.path, namespace: "prisma-wasm" };
      });
      build.onLoad({ filter: /.*/, namespace: "prisma-wasm" }, async (args) => {
        const { wasm } = (await import(pathToFileURL(args.path).href)) as { wasm: string };
        const file = basename(args.path).replace(/\.wasm-base64\.m?js$/, ".wasm.br");
        mkdirSync(chunksDir, { recursive: true });
        writeFileSync(join(chunksDir, file), brotliOnce(Buffer.from(wasm, "base64")));
        return {
          contents: `import { readFileSync } from "node:fs";
import { brotliDecompressSync } from "node:zlib";
export const wasm = brotliDecompressSync(readFileSync(new URL(${JSON.stringify(`./${file}`)}, import.meta.url))).toString("base64");`,
          loader: "js",
        };
      });
    },
  };
}

export function handlerEntry(fn: LambdaFunction): string {
  const entry = join(repoRoot, fn.src, "index.ts");
  if (!existsSync(entry)) throw new Error(`Lambda "${fn.name}" has no handler at ${relative(repoRoot, entry)}`);
  return entry;
}

export async function bundleLambda(fn: LambdaFunction, mode: BundleMode, outfile: string): Promise<esbuild.Metafile> {
  const production = mode === "package";
  const result = await esbuild.build({
    // Packages split what handlers load with `await import()` (Prisma, Stripe, Sentry, ...) into
    // chunks beside index.mjs, so a request that never needs them never parses them.
    entryPoints: { [basename(outfile, ".mjs")]: handlerEntry(fn) },
    outdir: dirname(outfile),
    outExtension: { ".js": ".mjs" },
    splitting: production,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    minify: production,
    legalComments: production ? "none" : "inline",
    // In dev the handler resolves packages from the repo's node_modules, as sandbox expects.
    packages: production ? undefined : "external",
    external: ["@aws-sdk/*"], // provided by the Lambda runtime
    define: {
      "process.env.NODE_ENV": JSON.stringify(mode === "dev" ? "development" : "production"),
      __APP_VERSION__: JSON.stringify(appVersion()),
    },
    banner: { js: requireBanner },
    plugins: [
      serverBuildPlugin(fn),
      browserManifestPlugin,
      ...(production ? [leaveOutUnused, prismaWasmAsFile(join(dirname(outfile), "chunks"))] : []),
    ],
    metafile: true,
    logLevel: "warning",
    // Vite hoists `import "@remix-run/node"`-style imports into a split server build's entry;
    // dropping them is right (those packages declare no side effects), so do not warn about it.
    logOverride: { "ignored-bare-import": "silent" },
  });
  return result.metafile;
}

/** Dev handlers for `arc sandbox`: arc/<kind>/<fn>/index.mjs, git-ignored. */
export async function bundleDevHandlers(): Promise<void> {
  const map = readArcMap();
  await Promise.all(map.functions.map((fn) => bundleLambda(fn, "dev", join(repoRoot, fn.src, "index.mjs"))));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await bundleDevHandlers();
  console.log("Built dev handlers for arc sandbox.");
}
