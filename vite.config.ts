import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import { lambdaForRoutePath, readArcMap } from "./arc/app-map";
import { appVersion } from "./scripts/app-version";
import { migrationNames } from "./scripts/migration-names";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig(({ command }) => ({
  // app.arc's @static serves build/client at /_static/* (S3 behind CloudFront in production).
  base: command === "build" ? "/_static/" : "/",
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  define: {
    __APP_VERSION__: JSON.stringify(appVersion()),
    __MIGRATIONS__: JSON.stringify(migrationNames()),
  },
  plugins: [
    tailwindcss(),
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
      manifest: true,
      // One server bundle per Lambda: each route goes to the Lambda that app.arc routes its path to,
      // so the history Lambda never carries billing code.
      serverBundles: ({ branch }) => {
        const path = branch.map((route) => route.path ?? "").filter(Boolean).join("/");
        return lambdaForRoutePath(readArcMap(), path);
      },
    }),
  ],
}));
