// The 404 for unknown paths of the history Lambda (/history/*): see not-found-route.ts.
export { action, default, loader } from "~/lib/http/not-found-route";
