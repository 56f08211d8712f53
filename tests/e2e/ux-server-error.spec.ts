import { expect, test } from "@playwright/test";
import { startApp, type AppServer } from "../support/app-server";
import { expectUxGate } from "../support/axe";

// The 500 page through the UX gate (axe-core at both sizes in both themes, no sideways scroll at
// 320 px). A real failure, not a test hook: `npm start` (the packaged Lambdas, behind the
// CloudFront stand-in) whose database cannot be reached, asked for a page whose loader reads it.
let app: AppServer;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  app = await startApp({ databaseUrl: "postgresql://postgres@127.0.0.1:1/calcapp_unreachable?connect_timeout=2", cloudfront: true });
});

test.afterAll(async () => {
  await app?.stop();
});

// A well-formed reset token makes the page look it up in the database.
const needsTheDatabase = `/reset-password?token=${"a".repeat(43)}`;

test("the 500 page passes the UX gate", async ({ page }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const response = await page.goto(`${app.url}${needsTheDatabase}`);
  expect(response?.status()).toBe(500);
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { name: "Something went wrong" })).toBeVisible();
  await expect(page.getByTestId("request-id")).not.toBeEmpty();
  await expectUxGate(page, "500");
  expect(errors).toEqual([]);
});
