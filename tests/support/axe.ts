// The accessibility gate of the e2e specs: axe-core's rules plus the experimental one for visible
// labels inside accessible names, 0 violations of any impact.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };
/** The narrowest phone WCAG's reflow criterion (1.4.10) asks for. */
export const NARROW = { width: 320, height: 640 };

export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const all = await new AxeBuilder({ page }).analyze();
  const labelInName = await new AxeBuilder({ page }).withRules(["label-content-name-mismatch"]).analyze();
  const violations = [...all.violations, ...labelInName.violations].map(
    (v) => `${state}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(violations).toEqual([]);
}

/** The page as it is, at phone and desktop size, in the light and dark themes. */
export async function expectNoAxeViolationsEverywhere(page: Page, state: string): Promise<void> {
  const viewport = page.viewportSize();
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      await expectNoAxeViolations(page, `${state} at ${size.width}, ${colorScheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: null });
  if (viewport) await page.setViewportSize(viewport);
}

/** At 320 px wide the page does not scroll sideways (document scrollWidth ≤ viewport width). */
export async function expectNoSidewaysScroll(page: Page, state: string): Promise<void> {
  const viewport = page.viewportSize();
  await page.setViewportSize(NARROW);
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${state}: scrollWidth at ${NARROW.width} px`).toBeLessThanOrEqual(innerWidth);
  if (viewport) await page.setViewportSize(viewport);
}

/** The UX gate for one page state: axe at both sizes in both themes, and no sideways scroll at 320 px. */
export async function expectUxGate(page: Page, state: string): Promise<void> {
  await expectNoAxeViolationsEverywhere(page, state);
  await expectNoSidewaysScroll(page, state);
}
