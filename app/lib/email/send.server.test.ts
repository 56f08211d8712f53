// The real SESv2 SDK against the loopback SES fake: what the app sends is what the fake keeps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSesFake, type SesFakeServer } from "../../../tests/support/ses-fake/server";
import { emailChangedMessage, passwordResetMessage, PRODUCT_NAME, signupAttemptMessage, verifyEmailMessage } from "./message";
import { emailConfig, sendEmail } from "./send.server";

let fake: SesFakeServer;
beforeAll(async () => {
  fake = await startSesFake();
});
afterAll(() => fake.close());

describe("sendEmail through SESv2", () => {
  it("delivers to the fake with the sender, configuration set and both parts", async () => {
    const config = emailConfig({ SES_ENDPOINT: fake.url, EMAIL_FROM: "CalcApp <mail@calcapp.test>", SES_CONFIGURATION_SET: "calcapp-test" });
    const id = await sendEmail(passwordResetMessage("alice@example.com", "https://calcapp.test/reset-password?token=abc", 60), config);
    const response = await fetch(`${fake.url}/_fake/messages?to=alice@example.com`);
    const [message] = (await response.json()) as Array<Record<string, unknown>>;
    expect(message).toMatchObject({ id, from: "CalcApp <mail@calcapp.test>", to: ["alice@example.com"], configurationSet: "calcapp-test" });
    expect(message?.text).toContain("https://calcapp.test/reset-password?token=abc");
    expect(message?.html).toContain("reset-password?token=abc");
    const page = await (await fetch(`${fake.url}/`)).text();
    expect(page).toContain('<a href="https://calcapp.test/reset-password?token=abc">');
  });

  it("refuses an endpoint that is not loopback", () => {
    expect(() => emailConfig({ SES_ENDPOINT: "https://email.example.com" })).toThrow(/loopback/);
  });

  it("the fake rejects unsigned calls, as SES does", async () => {
    const response = await fetch(`${fake.url}/v2/email/outbound-emails`, { method: "POST", body: "{}" });
    expect(response.status).toBe(403);
  });
});

describe("messages", () => {
  const link = "https://calcapp.test/x?token=only-secret";
  const all = [
    passwordResetMessage("a@example.com", link, 60),
    verifyEmailMessage("a@example.com", link, 24),
    signupAttemptMessage("a@example.com", link),
    emailChangedMessage("a@example.com", "b…@example.com", link),
  ];
  it.each(all.map((m) => [m.subject, m] as const))("%s: plain text, product name, the link only", (_subject, message) => {
    expect(message.text.length).toBeGreaterThan(20);
    expect(message.subject).toContain(PRODUCT_NAME);
    expect(message.text).toContain(PRODUCT_NAME);
    expect(message.text).toContain(link);
    expect(message.text.match(/https?:\/\/\S+/g)).toEqual([link]);
    expect(message.text).not.toMatch(/\b[0-9]{6}\b/);
  });
});
