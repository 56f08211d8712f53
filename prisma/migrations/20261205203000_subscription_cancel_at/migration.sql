-- AlterTable: a scheduled cancellation date (Stripe's cancel_at), apart from cancel_at_period_end.
ALTER TABLE "subscription" ADD COLUMN "cancel_at" TIMESTAMPTZ(3);
