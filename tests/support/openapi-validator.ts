// Holds the /v1 API to its OpenAPI description (app/lib/api/openapi.ts): the document must be a
// valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator), and every response a test
// receives must be one the document describes for that path, method and status: the documented
// media type, a body matching the schema (Ajv, JSON Schema 2020-12 with formats) and the
// documented headers. A response that drifts from the description fails the test.
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { openApiDocument } from "../../app/lib/api/openapi";

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

type Doc = typeof openApiDocument;
type ResponseSpec = { headers?: Record<string, { schema: unknown }>; content?: Record<string, { schema: unknown }> };

const DOC_ID = "calcapp-openapi.json";
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(openApiDocument as unknown as object, DOC_ID);
const compiled = new Map<string, ValidateFunction>();

const pointer = (parts: string[]) => parts.map((part) => part.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

function validatorAt(parts: string[]): ValidateFunction {
  const ref = `${DOC_ID}#/${pointer(parts)}`;
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
  }
  return validate;
}

/** Problems of the document itself against the OpenAPI 3.1 schema; empty when it is valid. */
export async function documentProblems(document: unknown = openApiDocument): Promise<string[]> {
  const result = await new Validator().validate(structuredClone(document) as Record<string, unknown>);
  if (result.valid) return [];
  return typeof result.errors === "string" ? [result.errors] : (result.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/** The documented path template that matches a request path ("/v1/history/abc" → "/v1/history/{id}"). */
export function pathTemplate(path: string): keyof Doc["paths"] | null {
  for (const template of Object.keys(openApiDocument.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+").replace(/\./g, "\\.")}$`);
    if (pattern.test(path)) return template as keyof Doc["paths"];
  }
  return null;
}

export type CheckedResponse = { status: number; headers: Headers; body: unknown; text: string };

/**
 * Checks one response against the description and returns it read. Throws, saying what differs,
 * when the path, method, status, media type, a documented header or the body is not as described.
 */
export async function checkResponse(method: string, url: string, response: Response): Promise<CheckedResponse> {
  const path = new URL(url, "http://x").pathname;
  const text = await response.text();
  const where = `${method.toUpperCase()} ${path} → ${response.status}`;
  const template = pathTemplate(path);
  if (!template) throw new Error(`${where}: the path is not in the OpenAPI description`);
  const operation = (openApiDocument.paths[template] as Record<string, { responses: Record<string, ResponseSpec> }>)[method.toLowerCase()];
  if (!operation) {
    // A method the path does not take: the one answer allowed is a 405 problem naming the methods.
    if (response.status !== 405) throw new Error(`${where}: the method is not in the OpenAPI description`);
    if (!response.headers.get("allow")) throw new Error(`${where}: a 405 must name the methods in Allow`);
    const body = JSON.parse(text) as unknown;
    const validate = validatorAt(["components", "schemas", "Problem"]);
    if ((response.headers.get("content-type") ?? "").split(";")[0] !== "application/problem+json" || !validate(body)) {
      throw new Error(`${where}: a 405 must be a problem (application/problem+json): ${text.slice(0, 200)}`);
    }
    return { status: 405, headers: response.headers, body, text };
  }
  const spec = operation.responses[String(response.status)];
  if (!spec) throw new Error(`${where}: the status is not in the OpenAPI description (${Object.keys(operation.responses).join(", ")}): ${text.slice(0, 300)}`);
  const base = ["paths", template, method.toLowerCase(), "responses", String(response.status)];
  for (const [name, header] of Object.entries(spec.headers ?? {})) {
    const value = response.headers.get(name);
    if (value === null) throw new Error(`${where}: the documented header ${name} is missing`);
    const validate = validatorAt([...base, "headers", name, "schema"]);
    if (!validate(value)) throw new Error(`${where}: header ${name}: ${ajv.errorsText(validate.errors)} (${value})`);
    void header;
  }
  if (!spec.content) {
    if (text !== "") throw new Error(`${where}: documented without a body, but has one: ${text.slice(0, 200)}`);
    return { status: response.status, headers: response.headers, body: null, text };
  }
  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
  if (!(mediaType in spec.content)) throw new Error(`${where}: media type ${mediaType || "(none)"} is not documented (${Object.keys(spec.content).join(", ")})`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${where}: the body is not JSON: ${text.slice(0, 200)}`);
  }
  const validate = validatorAt([...base, "content", mediaType, "schema"]);
  if (!validate(body)) throw new Error(`${where}: the body does not match the description: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`);
  return { status: response.status, headers: response.headers, body, text };
}
