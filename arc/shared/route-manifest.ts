// Lazy route discovery asks `/__manifest?p=/history` when the browser first navigates to a page.
// API Gateway sends that to the catch-all Lambda, whose server bundle only knows its own routes,
// so it would answer "no such route" and the browser would show a 404. Manifest requests are
// therefore answered from the complete browser manifest that the Vite build writes for every route.
import type { ServerBuild } from "@remix-run/node";

type AssetsManifest = ServerBuild["assets"];

export function isManifestRequest(path: string): boolean {
  return path === "/__manifest";
}

/** A build that can answer manifest requests for every route of the app (and nothing else). */
export function withAllRoutes(build: ServerBuild, browserManifest: AssetsManifest): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const route of Object.values(browserManifest.routes)) {
    routes[route.id] = {
      id: route.id,
      parentId: route.parentId,
      path: route.path,
      index: route.index,
      caseSensitive: route.caseSensitive,
      // Route modules of other Lambdas are not here; matching paths needs none.
      module: build.routes[route.id]?.module ?? ({} as ServerBuild["routes"][string]["module"]),
    };
  }
  return { ...build, routes, assets: { ...build.assets, routes: browserManifest.routes } };
}
