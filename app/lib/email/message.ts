// The mail CalcApp sends. Every message has a plain-text part (an HTML part is optional), names
// the product, and carries no secret other than its one-time link.
export const PRODUCT_NAME = "CalcApp";

export type EmailMessage = { to: string; subject: string; text: string; html?: string };

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

function build(to: string, subject: string, lines: string[], link: { url: string; label: string }): EmailMessage {
  const footer = `— ${PRODUCT_NAME}. If you did not ask for this, you can ignore this message.`;
  const text = [...lines, "", `${link.label}: ${link.url}`, "", footer].join("\n");
  const html =
    lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("") +
    `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p><p>${escapeHtml(footer)}</p>`;
  return { to, subject: `${PRODUCT_NAME}: ${subject}`, text, html };
}

export function passwordResetMessage(to: string, url: string, validMinutes: number): EmailMessage {
  return build(
    to,
    "reset your password",
    [`Someone (hopefully you) asked to reset the password of your ${PRODUCT_NAME} account.`, `The link works once, for ${validMinutes} minutes.`],
    { url, label: "Choose a new password" },
  );
}

export function verifyEmailMessage(to: string, url: string, validHours: number): EmailMessage {
  return build(to, "confirm your email address", [`Confirm this address for your ${PRODUCT_NAME} account.`, `The link works for ${validHours} hours.`], {
    url,
    label: "Confirm my email address",
  });
}

export function signupAttemptMessage(to: string, resetUrl: string): EmailMessage {
  return build(
    to,
    "someone tried to sign up with your address",
    [`Someone tried to create a ${PRODUCT_NAME} account with this address, which already has one.`, "If it was you and you forgot your password, you can reset it."],
    { url: resetUrl, label: "Reset my password" },
  );
}

export function emailChangedMessage(to: string, newAddressHint: string, accountUrl: string): EmailMessage {
  return build(
    to,
    "your sign-in email is changing",
    [`Someone signed in to your ${PRODUCT_NAME} account asked to move it to ${newAddressHint}.`, "If this was not you, sign in and change your password."],
    { url: accountUrl, label: "Open my account" },
  );
}

export function deletedAccountSignupMessage(to: string, signupUrl: string, reusableFrom: string): EmailMessage {
  return build(
    to,
    "someone tried to sign up with your address",
    [`Someone tried to create a ${PRODUCT_NAME} account with this address. Its account was deleted; the address can be used again from ${reusableFrom}.`],
    { url: signupUrl, label: "Sign up" },
  );
}
