import { test } from "@playwright/test";
import { expectUxGate } from "../support/axe";
import { walkAccountStates } from "./account-states";

// The UX gate (axe-core at 390×844 and 1280×800 in both themes, 0 violations of any impact; no
// sideways scroll at 320 px) on every state of the account pages (account-states.ts).
test.describe.configure({ timeout: 600_000 });

test("account pages and their states pass the UX gate", async ({ page }) => {
  await walkAccountStates(page, expectUxGate, "ux-acct");
});
