import { beforeEach, describe, expect, it, vi } from "vitest";

const navState = vi.fn(async () => ({ user: { email: "ann@example.com" }, sessionsUnavailable: false }));
vi.mock("~/lib/sessions/session.server", () => ({ navState }));

const { loader } = await import("./root");
const args = (headers: Record<string, string>) =>
  ({ request: new Request("https://calcapp.test/", { headers }), params: {}, context: {} }) as unknown as Parameters<typeof loader>[0];

describe("root loader", () => {
  beforeEach(() => navState.mockClear());

  it("answers a guest without touching sessions (no store, no database)", async () => {
    expect(await loader(args({}))).toEqual({ user: null, sessionsUnavailable: false, theme: "system" });
    expect(await loader(args({ cookie: "theme=dark" }))).toEqual({ user: null, sessionsUnavailable: false, theme: "dark" });
    expect(navState).not.toHaveBeenCalled();
  });

  it("asks the session store when the request carries a session cookie", async () => {
    expect(await loader(args({ cookie: "__session=abc.def" }))).toEqual({ user: { email: "ann@example.com" }, sessionsUnavailable: false, theme: "system" });
    expect(navState).toHaveBeenCalledTimes(1);
  });
});
