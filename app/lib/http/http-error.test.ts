import { describe, expect, it } from "vitest";
import { readFormOrRefusal } from "./body.server";
import { answeringHttpErrors, HttpError, jsonError } from "./http-error";

describe("jsonError", () => {
  it("is the one JSON shape, never cached, with the headers given", async () => {
    const response = jsonError(405, "Use POST.", { Allow: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: "Use POST." });
  });
});

describe("answeringHttpErrors", () => {
  it("answers a thrown HttpError as jsonError", async () => {
    const response = await answeringHttpErrors(() => Promise.reject(new HttpError(413, "Too large.")));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "Too large." });
  });

  it("lets any other error through, so it is a 500 and gets reported", async () => {
    await expect(answeringHttpErrors(() => Promise.reject(new Error("bug")))).rejects.toThrow("bug");
  });

  it("passes a normal answer through untouched", async () => {
    const response = await answeringHttpErrors(() => Promise.resolve(new Response("ok", { status: 201 })));
    expect(response.status).toBe(201);
  });
});

describe("readFormOrRefusal", () => {
  const post = (body: string, type: string) =>
    new Request("http://calc.test/", { method: "POST", body, headers: { "content-type": type } });

  it("returns the fields of a form", async () => {
    const fields = await readFormOrRefusal(post("a=1", "application/x-www-form-urlencoded"), 100);
    expect(fields instanceof URLSearchParams && fields.get("a")).toBe("1");
  });

  it("returns the refusal for a body too large or not a form, without throwing", async () => {
    const tooLarge = await readFormOrRefusal(post("a=" + "x".repeat(200), "application/x-www-form-urlencoded"), 100);
    expect(tooLarge).toBeInstanceOf(HttpError);
    expect((tooLarge as HttpError).status).toBe(413);
    const notForm = await readFormOrRefusal(post("{}", "application/json"), 100);
    expect((notForm as HttpError).status).toBe(415);
  });
});
