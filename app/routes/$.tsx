// The 404 for unknown paths of the calculator (everything no other Lambda claims): see not-found-route.ts.
export { action, default, loader } from "~/lib/http/not-found-route";
