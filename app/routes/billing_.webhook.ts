// POST /billing/webhook: Stripe's events (served by the billing Lambda; CSRF-exempt, signed).
// The trailing underscore keeps it out of /billing's layout: a resource route of its own.
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStripeWebhook } from "~/lib/billing/webhook-request.server";
import { ALLOW_POST } from "~/lib/http/http-error";

export function action({ request }: ActionFunctionArgs) {
  return handleStripeWebhook(request);
}

export function loader() {
  return new Response("Stripe sends POST requests here.", { status: 405, headers: ALLOW_POST });
}
