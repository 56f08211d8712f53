import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSesFake, type SesFakeServer } from "../../../tests/support/ses-fake/server";
import { devMailbox } from "./dev-mailbox.server";
import { verifyEmailMessage } from "./message";
import { emailConfig, sendEmail } from "./send.server";

let fake: SesFakeServer;
beforeAll(async () => {
  fake = await startSesFake();
});
afterAll(() => fake.close());

describe("/dev/mail", () => {
  it("lists the fake's messages with their links outside production", async () => {
    await sendEmail(verifyEmailMessage("bob@example.com", "http://localhost:3333/verify-email?token=t1", 24), emailConfig({ SES_ENDPOINT: fake.url }));
    const response = await devMailbox({ NODE_ENV: "development", SES_ENDPOINT: fake.url });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<a href="http://localhost:3333/verify-email?token=t1">');
  });

  it("does not exist in production, nor without a fake", async () => {
    expect((await devMailbox({ NODE_ENV: "production", SES_ENDPOINT: fake.url })).status).toBe(404);
    expect((await devMailbox({ NODE_ENV: "test" })).status).toBe(404);
  });

  it("says how to start the fake when development's default one is not running", async () => {
    const response = await devMailbox({ NODE_ENV: "development", SES_ENDPOINT: "http://127.0.0.1:9" });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("npm run dev");
  });
});
