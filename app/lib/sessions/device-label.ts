// "Chrome on Linux": an approximate device from a User-Agent, for the account page's sessions.
import Bowser from "bowser";

export function deviceLabel(userAgent: string): string {
  if (!userAgent.trim()) return "Unknown device";
  const { browser, os, platform } = Bowser.parse(userAgent);
  const name = browser.name || "Unknown browser";
  const system = [os.name, platform.type && platform.type !== "desktop" ? `(${platform.type})` : ""].filter(Boolean).join(" ");
  return system ? `${name} on ${system}` : name;
}
