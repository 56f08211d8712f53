// The fake Stripe over HTTP (loopback only), in three parts:
// - /v1/*: the parts of Stripe's API CalcApp calls, as the stripe SDK speaks it (Bearer key,
//   form-encoded bodies with bracket notation, Idempotency-Key, Stripe's error JSON);
// - /checkout/:id and /portal/:id: the hosted pages the app redirects browsers to;
// - /_fake/*: a JSON control API for tests (clock, failures, card declines, deliveries).
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, send } from "../fake-http";

import { bool, field, parseFormBody, stringMap, type FormObject, type FormValue } from "./form-body";
import { FakeStripe, StripeApiError, type FakeStripeOptions } from "./fake-stripe";
import { checkoutPage, portalPage } from "./pages";
type ParamTree = true | { [name: string]: ParamTree };
// Read, not imported: Playwright's and Node's ESM loaders need an import attribute for JSON.
const ENDPOINT_PARAMS = (JSON.parse(readFileSync(new URL("./allowed-params.generated.json", import.meta.url), "utf8")) as { endpoints: Record<string, { [name: string]: ParamTree }> }).endpoints;

/** "POST /v1/customers/:id" for "POST /v1/customers/cus_123" (ids have an underscore). */
export function endpointOf(method: string, path: string): string {
  const parts = path.split("/").filter(Boolean).map((part, i) => (i > 0 && /^[a-z]+_[A-Za-z0-9_]+$/.test(part) && !["billing_portal", "webhook_endpoints"].includes(part) ? ":id" : part));
  return `${method} /${parts.join("/")}`;
}

/**
 * The first parameter the stripe package's params types do not allow for this endpoint, in
 * Stripe's bracket notation (`subscription_data[foo]`), or null. Endpoints outside the generated
 * list are not checked here (the router answers 404 for them).
 */
export function unknownParam(method: string, path: string, body: FormObject): string | null {
  const allowed = ENDPOINT_PARAMS[endpointOf(method, path)];
  if (!allowed) return null;
  const check = (value: FormValue, tree: ParamTree, name: string): string | null => {
    if (tree === true || typeof value === "string") return null; // a scalar (or scalar-or-object) parameter
    if ("*" in tree) return null; // metadata: any key
    const entries: Array<[string, FormValue]> = Array.isArray(value) ? value.flatMap((item, i) => (typeof item === "string" ? [] : Object.entries(item).map(([k, v]): [string, FormValue] => [`${i}][${k}`, v]))) : Object.entries(value);
    for (const [key, inner] of entries) {
      const leaf = key.split("][").at(-1) as string;
      const sub = tree[leaf];
      const full = `${name}[${key}]`;
      if (sub === undefined) return full;
      const found = check(inner, sub, full);
      if (found) return found;
    }
    return null;
  };
  for (const [key, value] of Object.entries(body)) {
    const sub = allowed[key];
    if (sub === undefined) return key;
    const found = check(value, sub, key);
    if (found) return found;
  }
  return null;
}

/** A form value with Stripe's booleans and integers typed again (the form encoding made them strings). */
function typedForm(value: FormValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (typeof value === "string") return value === "true" ? true : value === "false" ? false : value;
  if (Array.isArray(value)) return value.map(typedForm);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, typedForm(item)]));
}

function strings(value: FormValue | undefined): string[] {
  if (value === undefined || typeof value === "string") return value ? [value] : [];
  return (Array.isArray(value) ? value : Object.values(value)).filter((item): item is string => typeof item === "string");
}

/** `{"error": …}` 400 for a value outside a parameter's enum, as Stripe words it. */
function invalidEnum(param: string, allowed: readonly string[]): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", `Invalid ${param}: must be one of ${allowed.join(", ")}`, "parameter_invalid_string", param);
}

/** The value of an enum parameter (undefined when absent); anything outside `allowed` is Stripe's 400. */
export function enumParam<T extends string>(body: FormObject, allowed: readonly T[], ...path: string[]): T | undefined {
  const value = field(body, ...path);
  const name = path.map((part, i) => (i === 0 ? part : `[${part}]`)).join("");
  if (value === undefined) {
    if (body[path[0] as string] !== undefined && path.length === 1) throw invalidEnum(name, allowed);
    return undefined;
  }
  if (!(allowed as readonly string[]).includes(value)) throw invalidEnum(name, allowed);
  return value as T;
}

/**
 * One page of a list endpoint, as Stripe pages every list: newest first, `limit` 1 to 100
 * (10 by default), `starting_after` / `ending_before` cursors (an id in the list), and
 * `{ object: "list", data, has_more, url }`.
 */
export function page<T extends { id: string }>(newestFirst: T[], body: FormObject, url: string): { object: "list"; data: T[]; has_more: boolean; url: string } {
  const rawLimit = field(body, "limit");
  const limit = rawLimit === undefined ? 10 : Number(rawLimit);
  if (!Number.isInteger(limit)) throw new StripeApiError(400, "invalid_request_error", `Invalid integer: ${String(rawLimit)}`, "parameter_invalid_integer", "limit");
  if (limit < 1 || limit > 100) throw new StripeApiError(400, "invalid_request_error", "This value must be between 1 and 100.", "parameter_invalid_integer", "limit");
  const after = field(body, "starting_after");
  const before = field(body, "ending_before");
  const at = (cursor: string, param: string) => {
    const index = newestFirst.findIndex((item) => item.id === cursor);
    if (index < 0) throw new StripeApiError(400, "invalid_request_error", `No such object: '${cursor}'`, "resource_missing", param);
    return index;
  };
  if (before !== undefined) {
    // The page just before the cursor (newer items), still newest first.
    const end = at(before, "ending_before");
    const start = Math.max(0, end - limit);
    return { object: "list", data: newestFirst.slice(start, end), has_more: start > 0, url };
  }
  const rest = after === undefined ? newestFirst : newestFirst.slice(at(after, "starting_after") + 1);
  return { object: "list", data: rest.slice(0, limit), has_more: rest.length > limit, url };
}

/** Stripe's subscription list statuses: the real ones, plus `all` and `ended` (canceled or incomplete_expired). */
export const SUBSCRIPTION_LIST_STATUSES = ["active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused", "trialing", "unpaid"] as const;
export const CHECKOUT_SESSION_STATUSES = ["complete", "expired", "open"] as const;
export const CHECKOUT_MODES = ["payment", "setup", "subscription"] as const;

export type StripeFakeServer = { fake: FakeStripe; url: string; port: number; server: Server; close(): Promise<void> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function missing(param: string): never {
  throw new StripeApiError(400, "invalid_request_error", `Missing required param: ${param}.`, "parameter_missing", param);
}

/** Routes one /v1 request; returns the JSON body (status 200) or throws StripeApiError. */
function api(fake: FakeStripe, method: string, path: string, body: FormObject): unknown {
  const parts = path.split("/").filter(Boolean).slice(1); // drop "v1"
  const [resource, id, sub] = parts;
  const route = `${method} ${resource ?? ""}${id ? "/:id" : ""}${sub ? `/${sub}` : ""}`;
  switch (route) {
    case "POST customers":
      return fake.createCustomer({ email: field(body, "email"), name: field(body, "name"), metadata: stringMap(body.metadata) });
    case "GET customers": {
      const email = field(body, "email");
      const data = [...fake.customers.values()].reverse().filter((c) => email === undefined || c.email === email);
      return page(data, body, "/v1/customers");
    }
    case "GET customers/:id":
      return fake.customer(id as string);
    case "POST customers/:id":
      return fake.updateCustomer(id as string, { email: field(body, "email"), name: field(body, "name"), metadata: stringMap(body.metadata) });
    case "POST subscriptions/:id": {
      // pause_collection="" clears it; pause_collection[behavior]=void pauses.
      const pause = body.pause_collection;
      const behavior = enumParam(body, ["keep_as_draft", "mark_uncollectible", "void"], "pause_collection", "behavior");
      return fake.updateSubscription(id as string, {
        cancelAtPeriodEnd: bool(field(body, "cancel_at_period_end")),
        metadata: body.metadata ? stringMap(body.metadata) : undefined,
        pauseCollection: pause === undefined ? undefined : pause === "" ? null : behavior ? { behavior } : missing("pause_collection[behavior]"),
      });
    }
    case "GET subscriptions/:id":
      return fake.subscription(id as string);
    case "DELETE subscriptions/:id":
      return fake.cancelSubscription(id as string);
    case "GET subscriptions": {
      const data = fake.listSubscriptions({ customer: field(body, "customer"), status: enumParam(body, SUBSCRIPTION_LIST_STATUSES, "status") });
      return page(data, body, "/v1/subscriptions");
    }
    case "GET charges/:id":
      return fake.charge(id as string);
    case "GET events": {
      const types = body.types === undefined ? (field(body, "type") ? [field(body, "type") as string] : undefined) : (Array.isArray(body.types) ? body.types : Object.values(body.types as FormObject)).filter((t): t is string => typeof t === "string");
      const int = (...path: string[]) => (field(body, ...path) === undefined ? undefined : Number(field(body, ...path)));
      const created = typeof body.created === "string" ? { gte: Number(body.created), lte: Number(body.created) } : { gt: int("created", "gt"), gte: int("created", "gte"), lt: int("created", "lt"), lte: int("created", "lte") };
      return page(fake.listEvents({ types, created }), body, "/v1/events");
    }
    case "POST webhook_endpoints":
      return fake.createEndpoint({ url: field(body, "url"), enabledEvents: strings(body.enabled_events), apiVersion: field(body, "api_version"), description: field(body, "description"), metadata: stringMap(body.metadata) });
    case "GET webhook_endpoints": {
      const data = [...fake.endpoints.values()].reverse().map((e) => e.endpoint);
      return page(data, body, "/v1/webhook_endpoints");
    }
    case "GET webhook_endpoints/:id":
      return fake.endpoint(id as string).endpoint;
    case "POST webhook_endpoints/:id":
      return fake.updateEndpoint(id as string, { url: field(body, "url"), enabledEvents: body.enabled_events ? strings(body.enabled_events) : undefined, disabled: bool(field(body, "disabled")), description: field(body, "description"), metadata: body.metadata ? stringMap(body.metadata) : undefined });
    case "DELETE webhook_endpoints/:id":
      return fake.deleteEndpoint(id as string);
    case "GET invoices/:id":
      return fake.invoice(id as string);
    case "GET events/:id":
      return fake.event(id as string);
    default:
      break;
  }
  if (resource === "checkout" && id === "sessions") {
    if (method === "POST" && !sub) {
      return fake.createCheckoutSession({
        mode: enumParam(body, CHECKOUT_MODES, "mode"),
        priceId: field(body, "line_items", 0, "price"),
        quantity: field(body, "line_items", 0, "quantity"),
        customer: field(body, "customer"),
        customerEmail: field(body, "customer_email"),
        clientReferenceId: field(body, "client_reference_id"),
        successUrl: field(body, "success_url"),
        cancelUrl: field(body, "cancel_url"),
        metadata: stringMap(body.metadata),
        subscriptionMetadata: stringMap((body.subscription_data as FormObject | undefined)?.metadata),
        automaticTax: bool(field(body, "automatic_tax", "enabled")),
        customerUpdateAddress: enumParam(body, ["auto", "never"], "customer_update", "address"),
      });
    }
    if (method === "GET" && sub) return fake.checkoutSession(sub);
    if (method === "GET" && !sub) {
      const data = fake.listCheckoutSessions({ customer: field(body, "customer"), status: enumParam(body, CHECKOUT_SESSION_STATUSES, "status") });
      return page(data, body, "/v1/checkout/sessions");
    }
    if (method === "POST" && sub && parts[3] === "expire") return fake.expireCheckoutSession(sub);
  }
  if (resource === "billing_portal" && id === "sessions" && method === "POST" && !sub) {
    return fake.createPortalSession({ customer: field(body, "customer"), returnUrl: field(body, "return_url"), configuration: field(body, "configuration") });
  }
  if (resource === "billing_portal" && id === "configurations") {
    const features = typedForm(body.features);
    if (method === "POST" && !sub) return fake.createPortalConfiguration({ features, defaultReturnUrl: field(body, "default_return_url"), metadata: stringMap(body.metadata) });
    if (method === "POST" && sub) return fake.updatePortalConfiguration(sub, { features, defaultReturnUrl: field(body, "default_return_url"), metadata: body.metadata ? stringMap(body.metadata) : undefined, active: bool(field(body, "active")) });
    if (method === "GET" && !sub) {
      const isDefault = bool(field(body, "is_default"));
      const active = bool(field(body, "active"));
      const data = [...fake.portalConfigurations.values()].reverse().filter((config) => (isDefault === undefined || config.is_default === isDefault) && (active === undefined || config.active === active));
      return page(data, body, "/v1/billing_portal/configurations");
    }
  }
  throw new StripeApiError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}). The fake implements only what CalcApp calls.`);
}

async function handleApi(fake: FakeStripe, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const method = request.method ?? "GET";
  const text = await readBody(request);
  const body = method === "GET" || method === "DELETE" ? parseFormBody(url.searchParams) : parseFormBody(text);
  fake.requests.push({ method, path: url.pathname, body });
  const requestId = `req_${Math.random().toString(36).slice(2, 16)}`;
  const headers = { "request-id": requestId, "stripe-version": "2026-10-28.endive" };

  const auth = request.headers.authorization ?? "";
  // Bearer (the SDKs) or Basic with the key as user name (`curl -u sk_test_…:`), as Stripe takes both.
  const basic = /^Basic (\S+)$/.exec(auth)?.[1];
  const key = /^Bearer (\S+)$/.exec(auth)?.[1] ?? (basic ? Buffer.from(basic, "base64").toString("utf8").replace(/:.*$/, "") : undefined);
  const expected = fake.options.apiKey;
  if (!key || (expected ? key !== expected : !key.startsWith("sk_test_"))) {
    // Stripe's error `type` has four values (api_error, card_error, idempotency_error,
    // invalid_request_error); a bad or missing key is a 401 invalid_request_error.
    const message = key ? `Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";
    return send(response, 401, new StripeApiError(401, "invalid_request_error", message).toJSON(), headers);
  }
  // Stripe checks parameters before anything else: an unknown one is a 400 and nothing is saved
  // under the idempotency key.
  const unknown = unknownParam(method, url.pathname, body);
  if (unknown) {
    const error = new StripeApiError(400, "invalid_request_error", `Received unknown parameter: ${unknown}`, "parameter_unknown", unknown);
    return send(response, 400, { error: { ...error.toJSON().error, doc_url: "https://stripe.com/docs/error-codes/parameter-unknown" } }, headers);
  }

  // Stripe saves the first answer to a POST under its Idempotency-Key (for 24 h) and replays it,
  // 5xx answers included; a second request while the first still runs gets 409; the same key with
  // other parameters gets 400 idempotency_error.
  const idempotencyKey = method === "POST" ? request.headers["idempotency-key"] : undefined;
  const cacheKey = typeof idempotencyKey === "string" ? `${idempotencyKey} ${url.pathname}` : undefined;
  const fingerprint = JSON.stringify(body);
  const cached = cacheKey ? fake.idempotency.get(cacheKey) : undefined;
  if (cached && cached.expiresAt > fake.now()) {
    if (cached.fingerprint !== fingerprint) {
      const error = new StripeApiError(400, "idempotency_error", `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${String(idempotencyKey)}' if you meant to execute a different request.`);
      return send(response, 400, error.toJSON(), headers);
    }
    return send(response, cached.status, cached.body, { ...headers, "idempotent-replayed": "true", ...(cached.status >= 500 ? { "stripe-should-retry": "false" } : {}) });
  }
  if (cacheKey && fake.inFlight.has(cacheKey)) {
    const error = new StripeApiError(409, "idempotency_error", "There is currently another in-progress request using this Stripe-Idempotency-Key. Please try again later.", "idempotency_key_in_use");
    return send(response, 409, error.toJSON(), headers);
  }
  if (cacheKey) fake.inFlight.add(cacheKey);
  try {
    const request = `${method} ${url.pathname}`;
    if (fake.slowness.remaining > 0 && (!fake.slowness.request || fake.slowness.request === request)) {
      fake.slowness.remaining -= 1;
      await sleep(fake.slowness.delayMs);
    }
    let status = 200;
    let result: unknown;
    if (fake.failures.remaining > 0) {
      // A failure before the request ran (a load balancer's 5xx): nothing is saved, a retry with the key runs it.
      fake.failures.remaining -= 1;
      status = fake.failures.status;
      return send(response, status, new StripeApiError(status, "api_error", "The fake Stripe was told to fail this request.").toJSON(), headers);
    }
    if (fake.savedFailures.remaining > 0 && (!fake.savedFailures.request || fake.savedFailures.request === request)) {
      // A failure while the request ran: saved under its key and replayed for 24 h, as Stripe does.
      fake.savedFailures.remaining -= 1;
      status = fake.savedFailures.status;
      result = new StripeApiError(status, "api_error", "An unknown error occurred (saved under this idempotency key).").toJSON();
    } else {
      try {
        result = api(fake, method, url.pathname, body);
      } catch (error) {
        if (!(error instanceof StripeApiError)) throw error;
        status = error.status;
        result = error.toJSON();
      }
    }
    if (cacheKey) fake.idempotency.set(cacheKey, { status, body: result, fingerprint, expiresAt: fake.now() + 24 * 60 * 60 });
    send(response, status, result, headers);
  } finally {
    if (cacheKey) fake.inFlight.delete(cacheKey);
  }
}

async function handlePages(fake: FakeStripe, request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
  const [kind, id, action] = url.pathname.split("/").filter(Boolean);
  const method = request.method ?? "GET";
  const form = method === "POST" ? new URLSearchParams(await readBody(request)) : new URLSearchParams();
  try {
    if (kind === "checkout" && id) {
      const session = fake.checkoutSession(id);
      if (method === "GET" && !action) return send(response, 200, checkoutPage(session)), true;
      if (method === "POST" && action === "pay") {
        const result = fake.payCheckout(id, form.get("card") === "declines" ? "declines" : "succeeds");
        if (!result.ok) return send(response, 402, checkoutPage(session, result.message)), true;
        // Stripe redirects at once; the webhook events follow on their own (see webhookDelayMs).
        response.writeHead(303, { location: result.redirect }).end();
        return true;
      }
    }
    if (kind === "portal" && id) {
      const session = fake.portalSession(id);
      if (method === "POST") {
        const subscription = form.get("subscription") ?? "";
        if (action === "cancel") fake.updateSubscription(subscription, { cancelAtPeriodEnd: true });
        else if (action === "resume") fake.updateSubscription(subscription, { cancelAtPeriodEnd: false });
        else if (action === "card") fake.setCard(form.get("card") === "declines" ? "declines" : "succeeds", session.customer);
        else return false;
        await fake.flush();
        response.writeHead(303, { location: `/portal/${id}` }).end();
        return true;
      }
      if (!action) {
        const subs = fake.listSubscriptions({ customer: session.customer, status: "all" });
        return send(response, 200, portalPage(session, subs, fake.cardOf(session.customer))), true;
      }
    }
  } catch (error) {
    if (error instanceof StripeApiError) return send(response, error.status, `<p>${error.message}</p>`), true;
    throw error;
  }
  return false;
}

async function handleControl(fake: FakeStripe, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const text = await readBody(request);
  const input = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  const num = (name: string, fallback?: number) => (typeof input[name] === "number" ? (input[name] as number) : fallback);
  const path = url.pathname.replace(/^\/_fake/, "");
  const eventRoute = /^\/events\/([^/]+)\/redeliver$/.exec(path);
  const subscriptionRoute = /^\/subscriptions\/([^/]+)\/(dispute|refund)$/.exec(path);
  const disputeRoute = /^\/disputes\/([^/]+)\/close$/.exec(path);
  if (request.method === "GET" && path === "/state") {
    return send(response, 200, {
      now: fake.now(),
      customers: [...fake.customers.values()],
      subscriptions: [...fake.subscriptions.values()],
      invoices: [...fake.invoices.values()],
      events: fake.events.map((e) => ({ id: e.id, type: e.type, created: e.created })),
      deliveries: fake.deliveries,
      requests: fake.requests,
    });
  }
  if (request.method === "GET" && path.startsWith("/events/")) {
    return send(response, 200, fake.signedPayload(fake.event(path.slice("/events/".length))));
  }
  if (request.method !== "POST") return send(response, 404, { error: "unknown control route" });
  switch (path) {
    case "/reset":
      fake.reset();
      return send(response, 200, { ok: true });
    case "/clock/advance": {
      const to = num("to") ?? fake.now() + (num("seconds") ?? 0);
      const events = await fake.advanceClock(to);
      return send(response, 200, { now: fake.now(), events: events.map((e) => ({ id: e.id, type: e.type })) });
    }
    case "/fail":
      if (input.saved === true) fake.failNextSaved(num("count", 1) as number, num("status", 500));
      else fake.failNext(num("count", 1) as number, num("status", 500));
      return send(response, 200, { ok: true });
    case "/slow":
      fake.slowNext(num("count", 1) as number, num("delayMs", 5_000) as number);
      return send(response, 200, { ok: true });
    case "/card":
      fake.setCard(input.declines ? "declines" : "succeeds", typeof input.customer === "string" ? input.customer : undefined);
      return send(response, 200, { ok: true });
    case "/webhook":
      if (typeof input.url === "string") fake.options.webhookUrl = input.url;
      if (typeof input.secret === "string") fake.options.webhookSecret = input.secret;
      if (typeof input.delayMs === "number") fake.options.webhookDelayMs = input.delayMs;
      if (typeof input.autoRetry === "boolean") fake.options.autoRetry = input.autoRetry;
      return send(response, 200, { ok: true });
    case "/deliveries/hold":
      fake.hold();
      return send(response, 200, { ok: true });
    case "/deliveries/release":
      return send(response, 200, { deliveries: await fake.release(input.order === "reverse" ? "reverse" : "fifo") });
    case "/flush":
      await fake.flush();
      return send(response, 200, { deliveries: fake.deliveries });
    default:
      if (eventRoute) return send(response, 200, { deliveries: await fake.redeliver(eventRoute[1] as string, num("copies", 1)) });
      // The cardholder disputes, or the operator refunds, the charge of a subscription's latest paid invoice.
      if (subscriptionRoute) {
        const charge = fake.latestChargeOf(subscriptionRoute[1] as string);
        const result = subscriptionRoute[2] === "dispute" ? fake.disputeCharge(charge.id) : fake.refundCharge(charge.id, num("amount"));
        await fake.flush();
        return send(response, 200, result);
      }
      if (disputeRoute) {
        const result = fake.closeDispute(disputeRoute[1] as string, input.status === "lost" ? "lost" : "won");
        await fake.flush();
        return send(response, 200, result);
      }
      return send(response, 404, { error: `unknown control route ${path}` });
  }
}

/** Starts the fake on 127.0.0.1 (port 0: any free port). */
export async function startStripeFake(options: FakeStripeOptions & { port?: number }): Promise<StripeFakeServer> {
  const fake = new FakeStripe(options);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const work = url.pathname.startsWith("/v1/")
      ? handleApi(fake, request, response, url)
      : url.pathname.startsWith("/_fake/")
        ? handleControl(fake, request, response, url)
        : url.pathname === "/favicon.ico"
          ? Promise.resolve(void response.writeHead(204).end())
          : handlePages(fake, request, response, url).then((handled) => {
            if (!handled) send(response, 404, "<p>Not found</p>");
          });
    work.catch((error: unknown) => {
      console.error("[stripe-fake]", error);
      if (!response.headersSent) send(response, 500, new StripeApiError(500, "api_error", String(error)).toJSON());
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  fake.options.publicUrl ??= url;
  return {
    fake,
    url,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
