// A labelled form field whose error is announced with it (aria-invalid + aria-describedby).
type FieldProps = {
  name: string;
  label: string;
  type?: "email" | "password" | "text";
  autoComplete?: string;
  defaultValue?: string;
  error?: string;
  hint?: string;
  /** Several forms on one page need distinct ids. */
  idPrefix?: string;
};

export function Field({ name, label, type = "text", autoComplete, defaultValue, error, hint, idPrefix = "" }: FieldProps) {
  const id = `${idPrefix}${name}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-ink-muted">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={`block w-full rounded border px-3 py-2 text-ink focus:outline-none focus:ring-2 focus:ring-focus ${
          error ? "border-danger" : "border-line focus:border-primary"
        }`}
      />
      {hint ? (
        <p id={hintId} className="text-sm text-ink-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A message about the whole form (wrong credentials, too many attempts), read out when it appears. */
export function FormMessage({ error, notice }: { error?: string; notice?: string | null }) {
  if (error) {
    return (
      <p role="alert" className="rounded-lg border border-danger bg-danger-soft px-3 py-2 text-sm text-danger">
        {error}
      </p>
    );
  }
  if (notice) {
    return (
      <p role="status" className="rounded-lg border border-success-line bg-success-soft px-3 py-2 text-sm text-success">
        {notice}
      </p>
    );
  }
  return null;
}

export const buttonClass =
  "rounded bg-primary px-4 py-2 text-sm font-medium text-on-primary hover:bg-primary-strong focus:outline-none focus:ring-2 focus:ring-focus";
export const dangerButtonClass =
  "rounded bg-danger px-4 py-2 text-sm font-medium text-on-danger hover:bg-danger-strong focus:outline-none focus:ring-2 focus:ring-focus";
