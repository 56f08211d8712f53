import { describe, expect, it } from "vitest";
import { EMBEDDED_DEV_DATABASE_URL, resolveDatabaseUrl } from "../app/lib/db/secret-url.server";
import { EMBEDDED_DATABASE_URL } from "./db/embedded-postgres";

// Sandboxed Lambdas see only .env, so they find the dev services at fixed addresses; those must
// be where `npm run dev` starts them.
describe("dev services", () => {
  it("points sandboxed Lambdas without DATABASE_URL at the embedded database dev.ts starts", async () => {
    expect(EMBEDDED_DEV_DATABASE_URL).toBe(EMBEDDED_DATABASE_URL);
    expect(await resolveDatabaseUrl({ ARC_SANDBOX: "{}" })).toBe(EMBEDDED_DATABASE_URL);
    expect(await resolveDatabaseUrl({ ARC_SANDBOX: "{}", DATABASE_URL: "postgresql://elsewhere/db" })).toBe("postgresql://elsewhere/db");
    await expect(resolveDatabaseUrl({})).rejects.toThrow(/Neither DATABASE_URL nor DATABASE_URL_SECRET_ARN/);
  });
});
