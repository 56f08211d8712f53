// Unobtrusive: nothing while saves succeed; one quiet line with a retry when some did not.
export function SaveStatus({ failedCount, onRetry }: { failedCount: number; onRetry: () => void }) {
  if (failedCount === 0) return null;
  return (
    <p role="status" data-testid="save-status" className="mt-3 flex items-center justify-between gap-2 text-sm text-amber-200">
      <span>
        {failedCount === 1 ? "1 result was" : `${failedCount} results were`} not saved to your history.
      </span>
      <button type="button" onClick={onRetry} className="rounded bg-slate-700 px-2 py-1 text-white hover:bg-slate-600">
        Retry
      </button>
    </p>
  );
}
