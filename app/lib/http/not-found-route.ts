import { notFound } from "./not-found";

// The catch-all route module of each Lambda whose paths have a greedy part (app/routes/$.tsx,
// history_.$.tsx, billing_.$.tsx re-export this). Nothing at this address: a 404 from a route of
// the Lambda that got the request, so the root loader runs (the nav shows who is signed in) and
// the browser hydrates the same route the server rendered.
export function loader(): never {
  notFound();
}

// Any other method too: 404, not 405 ("this page takes no POST" would claim there is a page).
export function action(): never {
  notFound();
}

export default function NotFound() {
  return null;
}
