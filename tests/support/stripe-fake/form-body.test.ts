import { describe, expect, it } from "vitest";

import { field, parseFormBody } from "./form-body";

describe("parseFormBody", () => {
  it("parses the SDK's bracket notation into nested objects and arrays", () => {
    const body = parseFormBody(
      "mode=subscription&line_items[0][price]=price_x&line_items[0][quantity]=1&subscription_data[metadata][userId]=u1&expand[0]=items&expand[1]=customer&success_url=http%3A%2F%2Fa%2Fb%3Fx%3D%7BCHECKOUT_SESSION_ID%7D",
    );
    expect(body).toEqual({
      mode: "subscription",
      line_items: [{ price: "price_x", quantity: "1" }],
      subscription_data: { metadata: { userId: "u1" } },
      expand: ["items", "customer"],
      success_url: "http://a/b?x={CHECKOUT_SESSION_ID}",
    });
    expect(field(body, "line_items", 0, "price")).toBe("price_x");
    expect(field(body, "nope", "x")).toBeUndefined();
  });
});
