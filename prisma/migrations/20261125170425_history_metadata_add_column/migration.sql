-- Zero-downtime metadata, phase 1 of 3 (docs/decisions/008-history-and-migrations.md): add the
-- column nullable WITH a default. The previous release's INSERTs do not name the column, so they
-- get '{}' instead of NULL, and existing rows read '{}' too: with a constant default PostgreSQL
-- 11+ stores it once in the catalog, so there is no table rewrite and the ACCESS EXCLUSIVE lock
-- lasts only as long as the catalog change. lock_timeout keeps this migration from queueing
-- behind a long transaction and blocking every query meanwhile: it fails fast and can be re-run.
SET LOCAL lock_timeout = '3s';

-- AlterTable
ALTER TABLE "calculation_history" ADD COLUMN     "metadata" JSONB DEFAULT '{}';
