// POST /billing/webhook: Stripe's signed events in, one HTTP status out.
// - 400: no, forged, tampered or stale signature (nothing is read from the body, nothing changes);
// - 500: the event could not be applied (database down, a bug): Stripe retries it later, and
//   since the event id is stored only with its effect, the retry starts from scratch;
// - 200: applied now, or already applied before ("duplicate"), or a type we do not act on (recorded),
//   or an event that lacks fields we read ("unprocessable": recorded and logged as an error, since
//   no retry can ever change it).
import { getPrisma } from "../db/client.server";
import { readBodyText } from "../http/body.server";
import { ALLOW_POST, answeringHttpErrors, jsonError } from "../http/http-error";
import { emitMetric } from "../observability/metrics.server";
import { logger } from "../observability/logger.server";
import { stripeSecrets } from "./stripe-secrets.server";
import { billingEnv } from "../env.server";
import { getStripe, STRIPE_API_VERSION } from "./stripe.server";
import { stripeReader } from "./sync.server";
import { processStripeEvent } from "./webhook.server";

/** Stripe's events are a few KB; anything near this is not from Stripe. */
const MAX_WEBHOOK_BYTES = 512 * 1024;

export function handleStripeWebhook(request: Request): Promise<Response> {
  return answeringHttpErrors(() => receive(request));
}

async function receive(request: Request): Promise<Response> {
  if (request.method !== "POST") return jsonError(405, "Use POST.", ALLOW_POST);
  const secrets = await stripeSecrets();
  if (!secrets?.webhookSecret) {
    // 503, not 400: once an operator sets the secret, Stripe's retries get through.
    logger.error("stripe webhook received but STRIPE_WEBHOOK_SECRET is not configured");
    return jsonError(503, "Billing is not configured.");
  }
  const signature = request.headers.get("stripe-signature");
  if (!signature) return jsonError(400, "Missing Stripe-Signature header.");

  // The exact bytes Stripe signed: never parse and re-serialise before verifying.
  const raw = await readBodyText(request, MAX_WEBHOOK_BYTES);

  const stripe = await getStripe();
  let event;
  try {
    // Checks the HMAC and that the timestamp is within 5 minutes (replays of old deliveries fail).
    event = await stripe.webhooks.constructEventAsync(raw, signature, secrets.webhookSecret);
  } catch (error) {
    logger.warn("stripe webhook refused: bad signature", { reason: error instanceof Error ? error.message.slice(0, 200) : "unknown" });
    return jsonError(400, "Invalid Stripe signature.");
  }

  // Stripe renders each event in the endpoint's API version, not the SDK's: an endpoint on another
  // version sends shapes this handler was not written for. Alert on every such event (the
  // operator recreates the endpoint with scripts' pinned version, docs/decisions/007).
  if (event.api_version !== STRIPE_API_VERSION) {
    emitMetric("StripeApiVersionMismatch", 1, "Count", { eventId: event.id, eventType: event.type, eventApiVersion: event.api_version ?? "none" });
    logger.error("stripe webhook: event API version differs from the app's; recreate the endpoint", {
      alert: "StripeWebhookApiVersionMismatch",
      eventId: event.id,
      eventType: event.type,
      eventApiVersion: event.api_version,
      appApiVersion: STRIPE_API_VERSION,
    });
  }

  try {
    const { timeoutMs, maxNetworkRetries } = billingEnv();
    const outcome = await processStripeEvent(await getPrisma(), event, stripeReader(stripe), timeoutMs * (maxNetworkRetries + 1) * 2);
    for (const name of outcome.metrics) emitMetric(name, 1, "Count", { eventId: event.id, eventType: event.type });
    const line = { eventId: event.id, eventType: event.type, result: outcome.result, effect: outcome.effect };
    if (outcome.result === "unprocessable") logger.error("stripe webhook: event cannot be processed; recorded, not retried", line);
    else logger.info("stripe webhook", line);
    return Response.json({ received: true, result: outcome.result }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    logger.error("stripe webhook failed; Stripe will retry", {
      eventId: event.id,
      eventType: event.type,
      error: error instanceof Error ? { name: error.name, message: error.message.slice(0, 500) } : String(error),
    });
    return jsonError(500, "The event could not be processed; it will be retried.");
  }
}
