// The fields of a Stripe event that the webhook reads, checked before anything is applied. A
// validly signed event without them can never be processed, however often Stripe retries it
// (e.g. an endpoint rendering events in an older API version): it is recorded, logged at error
// level and answered 200, while a transient failure (the database) still answers 5xx.
import * as z from "zod/mini";

const id = z.string().check(z.minLength(1));
const reference = z.nullish(z.union([id, z.looseObject({ id })]));

// Subscriptions are read from Stripe when their events arrive (sync.server.ts): the payload only
// has to say which one, and whose.
const subscription = z.looseObject({
  id,
  customer: reference,
  metadata: z.nullish(z.record(z.string(), z.string())),
});

const invoice = z.looseObject({
  customer: reference,
  parent: z.nullish(z.looseObject({ subscription_details: z.nullish(z.looseObject({ subscription: reference })) })),
});

const checkoutSession = z.looseObject({ client_reference_id: z.nullish(z.string()), customer: reference });

const dispute = z.looseObject({ id, charge: reference, status: z.string() });

const charge = z.looseObject({ id, customer: reference, amount_refunded: z.number(), currency: z.string() });

const objectShapes: Record<string, z.ZodMiniType> = {
  "customer.subscription.created": subscription,
  "customer.subscription.updated": subscription,
  "customer.subscription.deleted": subscription,
  "customer.subscription.paused": subscription,
  "customer.subscription.resumed": subscription,
  "invoice.paid": invoice,
  "invoice.payment_failed": invoice,
  "checkout.session.completed": checkoutSession,
  "charge.dispute.created": dispute,
  "charge.dispute.closed": dispute,
  "charge.refunded": charge,
};

const envelope = z.looseObject({ id, type: z.string(), created: z.number(), data: z.looseObject({ object: z.looseObject({}) }) });

/** Why this event cannot be applied (the first missing or mistyped field), or null. */
export function unprocessableReason(event: unknown): string | null {
  const outer = envelope.safeParse(event);
  if (!outer.success) return describe(outer.error, "");
  const shape = objectShapes[outer.data.type];
  if (!shape) return null;
  const inner = shape.safeParse(outer.data.data.object);
  return inner.success ? null : describe(inner.error, "data.object.");
}

function describe(error: z.core.$ZodError, prefix: string): string {
  const issue = error.issues[0];
  return issue ? `${prefix}${issue.path.join(".")}: ${issue.message}` : "invalid event";
}
