// The validator itself: the description is valid OpenAPI 3.1, and the checks catch drift.
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../app/lib/api/openapi";
import { checkResponse, documentProblems, pathTemplate } from "./openapi-validator";

const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: "about:blank", title: "x", status, detail: "d", code }), {
    status,
    headers: { "content-type": "application/problem+json", ...headers },
  });

describe("the OpenAPI description", () => {
  it("is a valid OpenAPI 3.1 document, and an invalid one is caught", async () => {
    expect(await documentProblems()).toEqual([]);
    expect((await documentProblems({ ...openApiDocument, paths: { "/x": { get: { responses: "none" } } } })).length).toBeGreaterThan(0);
  });

  it("matches path templates", () => {
    expect(pathTemplate("/v1/history/abc-123")).toBe("/v1/history/{id}");
    expect(pathTemplate("/v1/history")).toBe("/v1/history");
    expect(pathTemplate("/v1/nothing")).toBeNull();
  });

  it("accepts responses as described and refuses drift", async () => {
    await expect(checkResponse("GET", "/v1/me", problem(401, "missing_token", { "www-authenticate": 'Bearer realm="calcapp"' }))).resolves.toMatchObject({ status: 401 });
    // The documented challenge header is missing.
    await expect(checkResponse("GET", "/v1/me", problem(401, "missing_token"))).rejects.toThrow(/WWW-Authenticate is missing/);
    // A code that is not documented.
    await expect(checkResponse("GET", "/v1/me", problem(401, "nope", { "www-authenticate": 'Bearer realm="calcapp"' }))).rejects.toThrow(/does not match/);
    // An undocumented status, an undocumented media type, an extra property.
    await expect(checkResponse("GET", "/v1/me", problem(418, "not_found"))).rejects.toThrow(/status is not in/);
    await expect(checkResponse("GET", "/v1/me", Response.json({ error: "x" }, { status: 401, headers: { "www-authenticate": "Bearer realm=x" } }))).rejects.toThrow(/media type application\/json/);
    const me = { id: "u1", email: "a@example.com", created_at: new Date().toISOString(), plan: "free" };
    await expect(checkResponse("GET", "/v1/me", Response.json(me))).resolves.toMatchObject({ body: me });
    await expect(checkResponse("GET", "/v1/me", Response.json({ ...me, extra: 1 }))).rejects.toThrow(/additional properties/);
    await expect(checkResponse("GET", "/v1/me", Response.json({ ...me, created_at: "yesterday" }))).rejects.toThrow(/date-time/);
    await expect(checkResponse("DELETE", "/v1/history/x", new Response(null, { status: 204 }))).resolves.toMatchObject({ status: 204 });
    await expect(checkResponse("PATCH", "/v1/me", Response.json(me))).rejects.toThrow(/method is not in/);
    // An undocumented method may only be refused, as a problem naming the methods.
    await expect(checkResponse("PATCH", "/v1/me", problem(405, "method_not_allowed", { allow: "GET" }))).resolves.toMatchObject({ status: 405 });
    await expect(checkResponse("PATCH", "/v1/me", problem(405, "method_not_allowed"))).rejects.toThrow(/Allow/);
  });
});
