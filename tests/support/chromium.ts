// Debian's Chromium, as every browser test here launches it: Playwright's own browser download
// cannot work offline, and without the background-networking flags Chromium keeps trying hosts
// this machine cannot reach.
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
