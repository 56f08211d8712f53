// The 404 for unknown paths of the billing Lambda (/billing/*): see not-found-route.ts.
export { action, default, loader } from "~/lib/http/not-found-route";
