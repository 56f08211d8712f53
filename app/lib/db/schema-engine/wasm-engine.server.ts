// Loads Prisma's own WebAssembly schema engine (the migration engine behind `prisma migrate`),
// which works offline and inside a Lambda bundle, unlike the native binary that the prisma CLI
// downloads. Recipe: /work/shared/notes/toolchain.md ("Prisma 7 and PostgreSQL").
//
// - The .wasm is the build that ships with the installed `prisma` package
//   (node_modules/prisma/build/schema_engine_bg.wasm), so it matches the CLI's version.
// - The wasm-bindgen glue JS comes from @prisma/schema-engine-wasm; it is imported statically, so
//   esbuild bundles it (28 KB) and only the .wasm (5.4 MB) has to travel next to the bundle.
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type {
  ConstructorOptions,
  SchemaEngine,
} from "@prisma/schema-engine-wasm/schema_engine_bg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { readFile } from "node:fs/promises";

export type { SchemaEngine };

declare global {
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void } | undefined;
}

/**
 * A Rust panic inside the engine. The glue reports the message through a global registry, then
 * the wasm traps ("unreachable"), which never settles the pending operation: we reject it
 * ourselves. The instance is unusable afterwards, so later operations in this process fail fast.
 */
export class SchemaEnginePanic extends Error {
  override name = "SchemaEnginePanic";
}

let panicMessage: string | undefined;
const panicListeners = new Set<(message: string) => void>();

function onPanic(message: string): void {
  panicMessage = message;
  for (const listener of panicListeners) listener(message);
}

let instantiated: { wasmPath: string; promise: Promise<void> } | undefined;

/**
 * Instantiates the engine's WebAssembly module once per process. The glue module keeps the
 * instance in module state (views on its memory included), so one process can host exactly one
 * instance: a second call with another path is refused instead of corrupting it.
 */
function instantiate(wasmPath: string): Promise<void> {
  if (instantiated) {
    if (instantiated.wasmPath !== wasmPath) {
      throw new Error(
        `The schema engine is already loaded from ${instantiated.wasmPath}; cannot load ${wasmPath} in the same process`,
      );
    }
    return instantiated.promise;
  }
  const promise = (async () => {
    globalThis.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: onPanic };
    const bytes = await readFile(wasmPath);
    const module = await WebAssembly.compile(bytes);
    // The wasm imports every `__wbg_*` function of the glue module under this module name.
    const imports = { "./schema_engine_bg.js": withTrackedTimers(glue) };
    const instance = await WebAssembly.instantiate(module, imports);
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start?: () => void };
    // Exported by the glue JS, though missing from its .d.ts.
    (glue as unknown as { __wbg_set_wasm(wasm: WebAssembly.Exports): void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start?.();
  })();
  instantiated = { wasmPath, promise };
  promise.catch(() => {
    instantiated = undefined;
  });
  return promise;
}

/**
 * The engine arms timers (e.g. around its queries) and never clears them: each kept the process
 * alive ~10 s after the work was done. We track them and clear the ones still pending once no
 * engine is in use (see withSchemaEngine).
 */
const pendingTimers = new Set<ReturnType<typeof setTimeout>>();

function withTrackedTimers(module: typeof glue): WebAssembly.ModuleImports {
  const imports: WebAssembly.ModuleImports = { ...(module as unknown as WebAssembly.ModuleImports) };
  for (const name of Object.keys(imports)) {
    if (!name.startsWith("__wbg_setTimeout_")) continue;
    imports[name] = (callback: () => void, ms: number) => {
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        callback();
      }, ms >>> 0);
      pendingTimers.add(timer);
      return timer;
    };
  }
  return imports;
}

let enginesInUse = 0;

export type EngineLogger = (line: string) => void;

export type EngineOptions = {
  wasmPath: string;
  schema: { path: string; content: string };
  factory: SqlMigrationAwareDriverAdapterFactory;
  log?: EngineLogger;
};

/**
 * Runs `work` with a schema engine for one Prisma schema, talking to the database through
 * `factory`, then frees the engine (the factory's connections are the caller's to close).
 */
export async function withSchemaEngine<T>(
  options: EngineOptions,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  if (panicMessage !== undefined) {
    throw new SchemaEnginePanic(
      `The schema engine panicked earlier in this process and cannot be used again: ${panicMessage}`,
    );
  }
  let stopListening = () => {};
  const panicked = new Promise<never>((_, reject) => {
    const listener = (message: string) => reject(new SchemaEnginePanic(`Schema engine panic: ${message}`));
    panicListeners.add(listener);
    stopListening = () => panicListeners.delete(listener);
  });
  panicked.catch(() => {}); // observed through the races below
  enginesInUse++;
  let engine: SchemaEngine | undefined;
  try {
    await instantiate(options.wasmPath);
    const constructorOptions: ConstructorOptions = {
      datamodels: [[options.schema.path, options.schema.content]],
    };
    const log = options.log ?? (() => {});
    engine = await Promise.race([
      glue.SchemaEngine.new(
        constructorOptions,
        (line: string) => log(line),
        bindMigrationAwareSqlAdapterFactory(options.factory),
      ),
      panicked,
    ]);
    const running = engine;
    return await Promise.race([work(running), panicked]);
  } finally {
    stopListening();
    if (panicMessage === undefined) engine?.free();
    if (--enginesInUse === 0) {
      for (const timer of pendingTimers) clearTimeout(timer);
      pendingTimers.clear();
    }
  }
}

/** The engine's version string (the prisma-engines commit it was built from). */
export function engineVersion(): string {
  return glue.version();
}
