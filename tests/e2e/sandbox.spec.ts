import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { repoRoot } from "../../arc/app-map";
import { bundleDevHandlers } from "../../scripts/lambda-bundle";

// The dev path: the same build served by `arc sandbox` (a process per request), as `npm run dev` does.
const port = Number(process.env.E2E_SANDBOX_PORT ?? 3399);
const baseURL = `http://127.0.0.1:${port}`;
let sandbox: ChildProcess | undefined;
let output = "";

test.describe.configure({ mode: "serial" });
test.use({ baseURL });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  await bundleDevHandlers();
  sandbox = spawn(join(repoRoot, "node_modules", ".bin", "arc"), ["sandbox", "--port", String(port)], {
    cwd: repoRoot,
    env: { ...process.env, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_REGION: "us-east-1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
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

test.afterAll(() => {
  sandbox?.kill("SIGTERM");
});

test("arc sandbox serves the calculator and the other Lambdas", async ({ page }) => {
  await page.goto("/");
  for (const name of ["1", "add", "2", "equals"]) await page.getByRole("button", { name, exact: true }).click();
  await expect(page.getByTestId("display")).toHaveText("3");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "History" }).click();
  await expect(page.getByRole("heading", { name: "Your history" })).toBeVisible();
  const health = await page.request.get("/health");
  expect(await health.json()).toMatchObject({ status: "ok" });
});
