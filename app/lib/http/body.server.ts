// Request bodies are read with a hard size cap before anything parses them, so a huge form field
// or JSON document is refused cheaply with 413 instead of being buffered and parsed.

import { HttpError } from "./http-error";

export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function readFormBody(request: Request, maxBytes: number): Promise<URLSearchParams> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) {
    throw new HttpError(415, "Send the form as application/x-www-form-urlencoded.");
  }
  return new URLSearchParams(await readBodyText(request, maxBytes));
}

/** A page form's fields, or the HttpError that refused its body (for the form to show). */
export async function readFormOrRefusal(request: Request, maxBytes: number): Promise<URLSearchParams | HttpError> {
  try {
    return await readFormBody(request, maxBytes);
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
}

export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/json")) throw new HttpError(415, "Send JSON with Content-Type: application/json.");
  const text = await readBodyText(request, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "The request body is not valid JSON.");
  }
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `The request body is too large (max ${maxBytes.toLocaleString("en-US")} bytes).`);
}
