// GET /v1/openapi.json: the API's OpenAPI 3.1 description (app/lib/api/openapi.ts).
import { lazy } from "~/lib/lazy";

const openapiModule = lazy(() => import("~/lib/api/openapi"));

export async function loader() {
  const { openApiDocument } = await openapiModule();
  return Response.json(openApiDocument, { headers: { "Cache-Control": "public, max-age=300" } });
}
