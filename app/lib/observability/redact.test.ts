import { describe, expect, it } from "vitest";
import { redact, redactString, REDACTED } from "./redact";

describe("redact", () => {
  it("replaces values under sensitive keys, at any depth", () => {
    expect(
      redact({ email: "a@b.c", password: "hunter22", nested: { JWT_SECRET: "x", headers: { Cookie: "__session=abc" } }, list: [{ token: "t" }] }),
    ).toEqual({
      email: "a@b.c",
      password: REDACTED,
      nested: { JWT_SECRET: REDACTED, headers: { Cookie: REDACTED } },
      list: [{ token: REDACTED }],
    });
  });

  it("masks credentials inside strings", () => {
    expect(redactString("connect postgresql://calcapp:s3cr3t@db.internal:5432/calcapp failed")).toBe(
      `connect postgresql://calcapp:${REDACTED}@db.internal:5432/calcapp failed`,
    );
    expect(redactString("Authorization: Bearer abc.def.ghi")).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactString("key sk_test_51Habcdefghijkl used")).toBe(`key ${REDACTED} used`);
  });

  it("leaves ordinary data alone", () => {
    expect(redact({ status: 200, route: "/history", durationMs: 12.5 })).toEqual({ status: 200, route: "/history", durationMs: 12.5 });
  });
});
