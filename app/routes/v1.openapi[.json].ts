// GET /v1/openapi.json: the API's OpenAPI 3.1 description (app/lib/api/openapi.ts).
export async function loader() {
  const { openApiDocument } = await import("~/lib/api/openapi");
  return Response.json(openApiDocument, { headers: { "Cache-Control": "public, max-age=300" } });
}
