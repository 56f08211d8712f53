-- AlterTable
ALTER TABLE "account_tokens" ADD COLUMN     "new_email" TEXT;
