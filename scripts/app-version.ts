// The build's version: package.json's version plus the commit, e.g. "0.1.0+33dd6e0".
// Shared by the Vite build (pages) and the Lambda bundler (handlers) so both report the same.
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";

export function appVersion(): string {
  if (process.env.APP_VERSION) return process.env.APP_VERSION;
  const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  try {
    const sha = execSync("git rev-parse --short HEAD", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    return `${version}+${sha}`;
  } catch {
    return version;
  }
}
