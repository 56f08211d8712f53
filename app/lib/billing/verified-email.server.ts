// Premium is sold only to a confirmed email address (the receipts and any billing problem go
// there). The address is confirmed by the auth feature's link; billing only reads the column.
import { getPrisma } from "../db/client.server";
import { BillingRequestError } from "./errors";

export const CONFIRM_EMAIL_FIRST = "Confirm your email address before upgrading: open the link we mailed you, or send it again from your account page.";

export async function requireVerifiedEmail(userId: string): Promise<void> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  if (!user?.emailVerifiedAt) throw new BillingRequestError(CONFIRM_EMAIL_FIRST, 403);
}
