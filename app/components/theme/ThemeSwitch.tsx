import { useLocation } from "@remix-run/react";
import { useCallback, type FormEvent } from "react";
import { isTheme, THEME_LABELS, THEMES, themeCookie, type Theme } from "~/lib/theme/theme";

/**
 * Auto / Light / Dark. A real form: with JavaScript off it posts to /theme, which sets the cookie
 * and comes back here; with JavaScript the page sets the same cookie itself and changes colours
 * at once, with no request.
 */
export function ThemeSwitch({ theme, onChange }: { theme: Theme; onChange: (theme: Theme) => void }) {
  const location = useLocation();
  const onSubmit = useCallback(
    (event: FormEvent<HTMLFormElement>) => {
      const submitter = (event.nativeEvent as SubmitEvent).submitter;
      const chosen = submitter instanceof HTMLButtonElement ? submitter.value : null;
      if (!isTheme(chosen)) return;
      event.preventDefault();
      document.cookie = themeCookie(chosen, window.location.protocol === "https:");
      onChange(chosen);
    },
    [onChange],
  );
  return (
    <form method="post" action="/theme" onSubmit={onSubmit} className="flex items-center gap-1">
      <input type="hidden" name="returnTo" value={`${location.pathname}${location.search}`} />
      <div role="group" aria-labelledby="theme-label" className="flex items-center gap-1">
        <span id="theme-label" className="text-sm text-ink-muted">
          Theme
        </span>
        {THEMES.map((option) => (
          <button
            key={option}
            type="submit"
            name="theme"
            value={option}
            aria-pressed={option === theme}
            data-testid={`theme-${option}`}
            className={`rounded px-2 py-1 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-focus ${
              option === theme ? "bg-primary-soft font-medium text-primary" : "text-ink-muted hover:text-ink"
            }`}
          >
            {THEME_LABELS[option]}
          </button>
        ))}
      </div>
    </form>
  );
}
