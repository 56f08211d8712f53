// Deleting an account cancels its subscription at Stripe first (npm start, fake Stripe).
import { describe, expect, it } from "vitest";

import { PASSWORD } from "../auth/fixtures";
import { mirrorOf, startBillingApp, subscribe } from "./fixtures";

const app = startBillingApp();

describe("account deletion", () => {
  it("cancels the subscription at Stripe, then deletes the account", async () => {
    const { client, id } = await app.newUser("delete");
    const sub = await subscribe(app, client);
    const response = await client.post("/account", { intent: "delete-account", password: PASSWORD });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?deleted=1");
    expect(app.stripe.fake.subscription(sub.id).status).toBe("canceled");
    const cancel = app.stripe.fake.requests.filter((r) => r.method === "DELETE" && r.path === `/v1/subscriptions/${sub.id}`);
    expect(cancel).toHaveLength(1);
    const [user] = await app.sql<{ deleted_at: Date | null }>("SELECT deleted_at FROM users WHERE id = $1", [id]);
    expect(user?.deleted_at).not.toBeNull();
    await app.stripe.fake.flush();
    expect((await mirrorOf(app, id))?.status).toBe("canceled"); // the webhook still lands
  });

  it("keeps the account when Stripe cannot be reached, and says why", async () => {
    const { client, id } = await app.newUser("delete-later");
    const sub = await subscribe(app, client);
    app.stripe.fake.failNext(2); // the list call and the SDK's one retry
    const response = await client.post("/account", { intent: "delete-account", password: PASSWORD });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("your account was not deleted");
    const [user] = await app.sql<{ deleted_at: Date | null }>("SELECT deleted_at FROM users WHERE id = $1", [id]);
    expect(user?.deleted_at).toBeNull();
    expect(app.stripe.fake.subscription(sub.id).status).toBe("active");
  });

  it("deletes a free user's account without calling Stripe", async () => {
    const { client } = await app.newUser("delete-free");
    const requests = app.stripe.fake.requests.length;
    const response = await client.post("/account", { intent: "delete-account", password: PASSWORD });
    expect(response.status).toBe(302);
    expect(app.stripe.fake.requests.length).toBe(requests);
  });
});
