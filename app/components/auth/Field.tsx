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
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
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
        className={`block w-full rounded border px-3 py-2 text-slate-900 focus:outline-none focus:ring-2 focus:ring-indigo-200 ${
          error ? "border-red-500" : "border-slate-300 focus:border-indigo-500"
        }`}
      />
      {hint ? (
        <p id={hintId} className="text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-red-700">
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
      <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
        {error}
      </p>
    );
  }
  if (notice) {
    return (
      <p role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        {notice}
      </p>
    );
  }
  return null;
}

export const buttonClass =
  "rounded bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus:ring-2 focus:ring-indigo-300";
export const dangerButtonClass =
  "rounded bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 focus:outline-none focus:ring-2 focus:ring-red-300";
