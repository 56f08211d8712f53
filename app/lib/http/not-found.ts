/** Throws the 404 every "nothing here" page answers with; the root error boundary shows it. */
export function notFound(): never {
  throw new Response(null, { status: 404, statusText: "Not Found" });
}
