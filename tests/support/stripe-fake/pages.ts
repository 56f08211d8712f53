// The fake's hosted pages: a tiny Checkout ("Pay", "Pay with a declined card") and a tiny
// Customer Portal ("Cancel plan", "Resume plan", change card). Plain HTML forms, no script.
import type Stripe from "stripe";

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

const money = (amount: number | null, currency: string | null) =>
  `${((amount ?? 0) / 100).toFixed(2)} ${(currency ?? "usd").toUpperCase()}`;

const date = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1e293b}
.test{background:#fef3c7;padding:.25rem .5rem;border-radius:.25rem;font-size:.8rem}
button{padding:.5rem 1rem;margin:.25rem .25rem .25rem 0;cursor:pointer}.error{color:#b91c1c}</style></head>
<body><p class="test">Fake Stripe (test tooling): no real payment happens here.</p>${body}</body></html>`;
}

export function checkoutPage(session: Stripe.Checkout.Session, error?: string): string {
  const open = session.status === "open";
  return layout(
    "Pay CalcApp",
    `<h1>Subscribe to CalcApp Premium</h1>
<p>${money(session.amount_total, session.currency)} per month</p>
${error ? `<p role="alert" class="error">${escape(error)}</p>` : ""}
${
  open
    ? `<form method="post" action="/checkout/${escape(session.id)}/pay">
  <p>Card: 4242 4242 4242 4242 (test card)</p>
  <button type="submit" name="card" value="succeeds">Pay</button>
  <button type="submit" name="card" value="declines">Pay with a declined card</button>
</form>`
    : `<p>This checkout session is ${escape(String(session.status))}.</p>`
}
${session.cancel_url ? `<p><a href="${escape(session.cancel_url)}">Back to CalcApp</a></p>` : ""}`,
  );
}

export function portalPage(session: Stripe.BillingPortal.Session, subscriptions: Stripe.Subscription[], card: string): string {
  const rows = subscriptions
    .map((sub) => {
      const item = sub.items.data[0];
      const end = item ? date(item.current_period_end) : "?";
      const state =
        sub.status === "canceled"
          ? "Canceled"
          : sub.cancel_at_period_end
            ? `Cancels on ${end}`
            : `${sub.status === "past_due" ? "Past due" : "Active"}, renews on ${end}`;
      const action = sub.cancel_at_period_end ? "resume" : "cancel";
      return `<section aria-label="Subscription ${escape(sub.id)}">
<h2>CalcApp Premium · ${money(item?.price.unit_amount ?? 0, sub.currency)}/month</h2>
<p data-testid="subscription-state">${escape(state)}</p>
${
  sub.status === "canceled"
    ? ""
    : `<form method="post" action="/portal/${escape(session.id)}/${action}">
<input type="hidden" name="subscription" value="${escape(sub.id)}">
<button type="submit">${action === "cancel" ? "Cancel plan" : "Resume plan"}</button></form>`
}
</section>`;
    })
    .join("\n");
  return layout(
    "Manage your CalcApp billing",
    `<h1>Manage billing</h1>
${rows || "<p>No subscriptions.</p>"}
<h2>Payment method</h2>
<p>Card: ${card === "declines" ? "a card that will be declined" : "4242 (works)"}</p>
<form method="post" action="/portal/${escape(session.id)}/card">
<button type="submit" name="card" value="succeeds">Use a working card</button>
<button type="submit" name="card" value="declines">Use a card that declines</button></form>
${session.return_url ? `<p><a href="${escape(session.return_url)}">Return to CalcApp</a></p>` : ""}`,
  );
}
