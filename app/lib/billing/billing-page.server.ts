// /billing's loader and action. The page reads the subscription mirror (getPlan), never Stripe;
// only the two buttons talk to Stripe, and a failure there changes nothing and says so.
import { redirect } from "@remix-run/node";
import * as z from "zod/mini";

import { requireSessionUser } from "../sessions/session.server";
import { readFormOrRefusal } from "../http/body.server";
import { HttpError } from "../http/http-error";
import { logger } from "../observability/logger.server";
import { formatPrice, PREMIUM_PRICE } from "../plans";
import { startCheckout } from "./checkout.server";
import { billingEnv } from "../env.server";
import { isBillingConfigured } from "./stripe-secrets.server";
import { billingErrorMessage, stripeErrorLog } from "./errors";
import { openBillingPortal } from "./portal.server";
import { getPlan } from "./plan.server";

export type BillingView = {
  configured: boolean;
  plan: "free" | "premium";
  /** Stripe's status of the mirrored subscription, if any. */
  status: string | null;
  /** "$4.99 / month" for our price, or the raw price id of another one. */
  price: string;
  /** ISO date: when it renews, or (cancelAtPeriodEnd) when premium ends: cancel_at when set. */
  periodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  /** ISO date: the end of the past_due grace period, when in it. */
  graceEndsAt: string | null;
  /** Back from Checkout and the webhook has not landed yet. */
  activating: boolean;
  checkoutCanceled: boolean;
  /** A live subscription exists: show "Manage billing" rather than "Upgrade". */
  canManage: boolean;
  /** Why a live subscription gives no Premium now: its collection is paused, or a payment is disputed. */
  suspended: "paused" | "disputed" | null;
};

function priceLabel(priceId: string | undefined): string {
  if (!priceId || priceId === billingEnv().priceId) return formatPrice(PREMIUM_PRICE);
  return priceId;
}

export async function loadBillingPage(request: Request): Promise<BillingView> {
  const user = await requireSessionUser(request);
  const [configured, plan] = await Promise.all([isBillingConfigured(), getPlan(user.id)]);
  const sub = plan.subscription;
  const checkout = new URL(request.url).searchParams.get("checkout");
  const live = sub !== null && sub.status !== "canceled" && sub.status !== "incomplete_expired" && sub.status !== "incomplete";
  return {
    configured,
    plan: plan.plan,
    status: sub?.status ?? null,
    price: priceLabel(sub?.priceId),
    periodEnd: sub && live ? (sub.cancelAt ?? sub.currentPeriodEnd).toISOString() : null,
    cancelAtPeriodEnd: Boolean((sub?.cancelAtPeriodEnd || sub?.cancelAt) && live),
    graceEndsAt: plan.entitlement.premium && plan.entitlement.reason === "grace" ? (plan.entitlement.endsAt?.toISOString() ?? null) : null,
    activating: checkout === "success" && plan.plan !== "premium",
    checkoutCanceled: checkout === "canceled",
    canManage: live,
    suspended: live && !plan.entitlement.premium && (plan.entitlement.reason === "paused" || plan.entitlement.reason === "disputed") ? plan.entitlement.reason : null,
  };
}

const actionForm = z.object({ intent: z.enum(["upgrade", "manage"]) });

export type BillingActionResult = { error: string };

/**
 * The origin to send Stripe's redirects back to: the page's own origin as the browser sent it
 * (the CSRF check has already accepted it), else the request URL's.
 */
function appOrigin(request: Request): string {
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") return origin;
  return new URL(request.url).origin;
}

/** What to show on /billing, or a thrown 303 to Stripe Checkout or the Customer Portal. */
export async function billingAction(request: Request): Promise<{ status: number; body: BillingActionResult }> {
  const user = await requireSessionUser(request);
  const fields = await readFormOrRefusal(request, 4 * 1024);
  if (fields instanceof HttpError) return { status: fields.status, body: { error: fields.message } };
  const parsed = actionForm.safeParse(Object.fromEntries(fields));
  if (!parsed.success) return { status: 400, body: { error: "Unknown billing action." } };
  const intent = parsed.data.intent;
  let url: string;
  try {
    url = intent === "upgrade" ? await startCheckout(user.id, appOrigin(request)) : await openBillingPortal(user.id, appOrigin(request));
  } catch (error) {
    const { status, message } = billingErrorMessage(error);
    if (status >= 500) logger.error(`billing ${intent} failed`, { userId: user.id, ...stripeErrorLog(error) });
    return { status, body: { error: message } };
  }
  throw redirect(url, 303);
}
