-- Zero-downtime metadata, phase 2 of 3: backfill, then refuse new NULLs.
--
-- After phase 1 only rows written with an explicit NULL can lack metadata (no release of ours
-- does that, but a hand-written query or an older tool could). They are set to '{}' in batches of
-- 5,000 ids walked along the primary key: one pass over the index, and each UPDATE stays small.
-- The whole migration is one transaction (the runner sends it as one script), so the row locks of
-- all batches are held until it commits; nothing in the app updates these rows, so that blocks at
-- most a concurrent delete of one of them for the duration.
SET LOCAL lock_timeout = '3s';

DO $$
DECLARE
  after_id TEXT := '';
  batch_last TEXT;
BEGIN
  LOOP
    SELECT max(id) INTO batch_last
      FROM (SELECT id FROM "calculation_history" WHERE id > after_id ORDER BY id LIMIT 5000) AS batch;
    EXIT WHEN batch_last IS NULL;
    UPDATE "calculation_history" SET "metadata" = '{}'
     WHERE id > after_id AND id <= batch_last AND "metadata" IS NULL;
    after_id := batch_last;
  END LOOP;
END $$;

-- From now on a NULL is refused (the check applies to new writes at once). NOT VALID: existing
-- rows are not scanned here, so the ACCESS EXCLUSIVE lock is momentary; phase 3 validates them
-- in a separate transaction under a lock that lets reads and writes go on.
ALTER TABLE "calculation_history"
  ADD CONSTRAINT "calculation_history_metadata_not_null" CHECK ("metadata" IS NOT NULL) NOT VALID;
