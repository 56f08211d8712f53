import { expect, test, type Page } from "@playwright/test";

// The history through the browser, against `npm start` with PostgreSQL and Redis. Sign-ups are
// limited to 5 an hour per address and the whole e2e run shares that, so this file signs up ONE
// user (after computing as a guest) and the JavaScript-off test logs in as the same user.
test.describe.configure({ mode: "serial" });

const password = "correct horse battery staple";
const email = `history-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

async function pressKeys(page: Page, names: string[]) {
  for (const name of names) await page.getByRole("button", { name, exact: true }).click();
}

/** Resolves with the status of the next background save. */
function nextSave(page: Page): Promise<number> {
  return page.waitForResponse((response) => response.url().endsWith("/history/save") && response.request().method() === "POST").then((r) => r.status());
}

function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}

const rows = (page: Page) => page.getByTestId("history-row");
const navLink = (page: Page, name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

test("compute as a guest, sign up, keep it, save in the background, use again, delete", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/");
  let saved = nextSave(page);
  await pressKeys(page, ["2", "add", "3", "equals"]);
  await expect(page.getByTestId("display")).toHaveText("5");
  expect(await saved).toBe(201); // a guest's result goes to their session

  // A guest asking for the history is sent to log in, and comes back after signing up.
  await page.goto("/history");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fhistory$/);
  await page.getByRole("main").getByRole("link", { name: "Sign up" }).click();
  // The login page has an Email field too: wait for the sign-up page before typing.
  await expect(page.getByRole("heading", { name: "Sign up" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  // Sign-up starts no session ("check your inbox"); logging in from there still comes back here.
  await expect(page.getByRole("status")).toContainText("Check your inbox");
  await page.getByRole("main").getByRole("link", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fhistory$/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/history$/);

  // The result computed as a guest is offered, and kept.
  await expect(page.getByText("You computed 1 result before signing in")).toBeVisible();
  await page.getByRole("button", { name: "Keep it" }).click();
  await expect(page.getByText("Your results from before you signed up are now in your history.")).toBeVisible();
  await expect(rows(page)).toHaveCount(1);

  // Signed in: "=" and a typed expression save in the background; the key press never waits.
  await navLink(page, "Calculator").click();
  saved = nextSave(page);
  await pressKeys(page, ["7", "multiply", "6", "equals"]);
  await expect(page.getByTestId("display")).toHaveText("42");
  expect(await saved).toBe(201);
  saved = nextSave(page);
  await page.getByLabel("Type an expression").fill("0.1 + 0.2");
  await page.getByLabel("Type an expression").press("Enter");
  await expect(page.getByTestId("display")).toHaveText("0.3");
  expect(await saved).toBe(201);
  await expect(page.getByTestId("save-status")).toHaveCount(0);

  await navLink(page, "History").click();
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByTestId("history-result")).toHaveText(["0.3", "42", "5"]);

  // "Use again" puts the result back in the calculator, ready for the next key.
  await page.getByRole("link", { name: "Use again: 7 × 6" }).click();
  await expect(page).toHaveURL(/\/\?expression=/);
  await expect(page.getByTestId("display")).toHaveText("42");
  await expect(page.getByTestId("expression")).toHaveText("7 × 6");
  saved = nextSave(page);
  await pressKeys(page, ["add", "1", "equals"]);
  await expect(page.getByTestId("display")).toHaveText("43");
  expect(await saved).toBe(201);

  await navLink(page, "History").click();
  await expect(page.getByTestId("history-result")).toHaveText(["43", "0.3", "42", "5"]);
  await page.getByRole("button", { name: "Delete 2 + 3" }).click();
  await expect(page.getByText("The result was deleted.")).toBeVisible();
  await expect(page.getByTestId("history-result")).toHaveText(["43", "0.3", "42"]);
  expect(errors).toEqual([]);
});

test("a failed background save is shown quietly and can be retried", async ({ page }) => {
  await page.goto("/");
  let fail = true;
  await page.route("**/history/save", (route) => (fail ? route.abort("failed") : route.continue()));
  await pressKeys(page, ["1", "add", "1", "equals"]);
  await expect(page.getByTestId("display")).toHaveText("2");
  await expect(page.getByTestId("save-status")).toHaveText(/1 result was not saved to your history/);
  fail = false;
  const saved = nextSave(page);
  await page.getByRole("button", { name: "Retry" }).click();
  expect(await saved).toBe(201);
  await expect(page.getByTestId("save-status")).toHaveCount(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the keypad form saves, use again and delete work", async ({ page }) => {
    await page.goto("/login?redirectTo=%2F");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/$/);

    await pressKeys(page, ["9", "multiply", "9", "equals"]);
    await expect(page.getByTestId("display")).toHaveText("81");
    await page.goto("/history");
    await expect(page.getByTestId("history-result").first()).toHaveText("81");

    await page.getByRole("link", { name: "Use again: 9 × 9" }).click();
    await expect(page.getByTestId("display")).toHaveText("81");
    await page.goto("/history");
    await page.getByRole("button", { name: "Delete 9 × 9" }).click();
    await expect(page.getByText("The result was deleted.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Delete 9 × 9" })).toHaveCount(0);
  });
});
