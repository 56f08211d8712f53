import { type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { startArcSandbox, startDevServices, stopProcessTree, type DevServices } from "../../scripts/dev-services";
import { bundleDevHandlers } from "../../arc/tooling/lambda-bundle";

// The dev path: the same build served by `arc sandbox` (a process per request), as `npm run dev` does,
// with the dev store and the embedded database it starts (scripts/dev-services.ts). Users it signs
// up stay in the embedded database under .data/, like any made while developing. It stops what it
// started (sandbox with its Lambda processes, the store, the database) and leaves a developer's
// running `npm run dev` services alone (it shares them).
const port = Number(process.env.E2E_SANDBOX_PORT ?? 3399);
const baseURL = `http://127.0.0.1:${port}`;
let sandbox: ChildProcess | undefined;
let services: DevServices | undefined;
let output = "";

test.describe.configure({ mode: "serial" });
test.use({ baseURL });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  services = await startDevServices(() => {});
  await bundleDevHandlers();
  sandbox = startArcSandbox(port, { stdio: ["ignore", "pipe", "pipe"] });
  sandbox.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  sandbox.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${baseURL}/health`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 60_000, message: `arc sandbox did not start:\n${output}` },
    )
    .toBe(200);
});

test.afterAll(async () => {
  if (sandbox) await stopProcessTree(sandbox);
  await services?.close();
});

test("arc sandbox serves the calculator and the other Lambdas", async ({ page }) => {
  await page.goto("/");
  for (const name of ["1", "add", "2", "equals"]) await page.getByRole("button", { name, exact: true }).click();
  await expect(page.getByTestId("display")).toHaveText("3");
  // The history Lambda sends a guest to the calculator Lambda's login page, and back after it.
  // Each hop is a cold Lambda process under sandbox: be as patient as the sign-up test below.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "History" }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible({ timeout: 20_000 });
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fhistory$/);
  const health = await page.request.get("/health");
  expect(await health.json()).toMatchObject({ status: "ok" });
});

test("sign-up works under arc sandbox, and every Lambda sees the session across processes", async ({ page }) => {
  // Every request is a fresh Lambda process that loads what it needs (Prisma, argon2): be patient.
  test.setTimeout(90_000);
  const slowly = expect.configure({ timeout: 20_000 });
  const email = `sandbox-${Date.now()}@example.com`;
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByRole("button", { name: "Sign up" }).click();
  await slowly(page.getByRole("status")).toContainText("Check your inbox");
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByRole("button", { name: "Log in" }).click();
  const nav = page.getByRole("navigation", { name: "Main" });
  await slowly(nav.getByTestId("nav-email")).toHaveText(email);
  await nav.getByRole("link", { name: "History" }).click();
  await slowly(page.getByRole("heading", { name: "Your history" })).toBeVisible();
  await page.goto("/account");
  await slowly(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await nav.getByRole("button", { name: "Log out" }).click();
  await slowly(nav.getByRole("link", { name: "Log in" })).toBeVisible();
});
