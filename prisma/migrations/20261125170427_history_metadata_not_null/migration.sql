-- Zero-downtime metadata, phase 3 of 3: NOT NULL without a long lock.
--
-- A plain SET NOT NULL scans the whole table under ACCESS EXCLUSIVE (no reads, no writes). Instead:
-- 1. repeat the backfill for any NULL that committed while phase 2 ran (phase 2's check refuses
--    new ones, so this finds nothing in practice; row locks only);
-- 2. VALIDATE the check: scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on;
-- 3. SET NOT NULL: PostgreSQL 12+ sees the valid CHECK (metadata IS NOT NULL) and skips its scan,
--    so the ACCESS EXCLUSIVE lock is momentary;
-- 4. drop the check, now redundant with NOT NULL.
-- lock_timeout: if a long transaction holds the table, fail fast (and re-run) instead of making
-- every query queue behind this migration's lock request.
SET LOCAL lock_timeout = '3s';

UPDATE "calculation_history" SET "metadata" = '{}' WHERE "metadata" IS NULL;

ALTER TABLE "calculation_history" VALIDATE CONSTRAINT "calculation_history_metadata_not_null";

-- AlterTable
ALTER TABLE "calculation_history" ALTER COLUMN "metadata" SET NOT NULL;

ALTER TABLE "calculation_history" DROP CONSTRAINT "calculation_history_metadata_not_null";
