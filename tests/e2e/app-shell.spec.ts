import { expect, test } from "@playwright/test";

// Favicon and web app manifest.

test("every page names its icon and the manifest, and both load", async ({ page, request }) => {
  await page.goto("/");
  const iconHref = await page.locator('link[rel="icon"]').getAttribute("href");
  expect(iconHref).toMatch(/\.svg$/);
  const icon = await request.get(iconHref!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");

  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  expect(manifest.headers()["content-type"]).toContain("application/manifest+json");
  const body = (await manifest.json()) as { name: string; start_url: string; icons: { src: string; type: string }[] };
  expect(body).toMatchObject({ name: "CalcApp", start_url: "/", display: "standalone" });
  expect(body.icons[0]).toMatchObject({ src: iconHref, type: "image/svg+xml" });
  // No request for /favicon.ico: the icon is named on the page.
  const asked: string[] = [];
  page.on("request", (r) => asked.push(new URL(r.url()).pathname));
  await page.reload();
  expect(asked).not.toContain("/favicon.ico");
});
