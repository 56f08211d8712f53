-- AlterTable
ALTER TABLE "subscription" ADD COLUMN     "collection_paused" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "disputed_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "charge_refund" (
    "charge_id" TEXT NOT NULL,
    "user_id" TEXT,
    "customer_id" TEXT,
    "amount_refunded" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "refunded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "charge_refund_pkey" PRIMARY KEY ("charge_id")
);

-- CreateIndex
CREATE INDEX "charge_refund_user_id_idx" ON "charge_refund"("user_id");

-- AddForeignKey
ALTER TABLE "charge_refund" ADD CONSTRAINT "charge_refund_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
