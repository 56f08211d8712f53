// Reading what the app sent from the SES fake's control API, as a person would read their inbox.
import { expect } from "vitest";
import type { FakeMessage } from "./server";

export async function mailTo(fakeUrl: string, address: string): Promise<FakeMessage[]> {
  const response = await fetch(`${fakeUrl}/_fake/messages?${new URLSearchParams({ to: address })}`);
  expect(response.status).toBe(200);
  return (await response.json()) as FakeMessage[];
}

/** The one link to `pathname` in the text part of `message`, as a path with its query. */
export function linkIn(message: FakeMessage | undefined, pathname: string): string {
  const urls = (message?.text ?? "").match(/https?:\/\/\S+/g) ?? [];
  const url = urls.map((u) => new URL(u)).find((u) => u.pathname === pathname);
  if (!url) throw new Error(`No ${pathname} link in ${JSON.stringify(message?.text)}`);
  return `${url.pathname}${url.search}`;
}
