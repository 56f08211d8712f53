import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { hasSessionCookie } from "~/lib/sessions/session-cookie";
import { lazy } from "~/lib/lazy";
import { passOnHeaders } from "~/lib/http/pass-on-headers";
import { useNonce } from "~/lib/nonce";
import { ThemeSwitch } from "~/components/theme/ThemeSwitch";
import { themeClass, themeFromCookieHeader, type Theme } from "~/lib/theme/theme";
import { META_NAMES, useRequestInfo } from "~/lib/request-info";
import icon from "./assets/icon.svg?url&no-inline";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  // Named here, so browsers never ask for /favicon.ico.
  { rel: "icon", href: icon, type: "image/svg+xml" },
  { rel: "manifest", href: "/manifest.webmanifest" },
];

export const meta: MetaFunction = ({ error }) => [
  // An error page says what happened in its title too (the boundary's heading).
  { title: error ? `${errorText(error).title} · CalcApp` : "CalcApp" },
  { name: "description", content: "A precise calculator that keeps your history." },
];

// A page's thrown 503 ("sessions unavailable") keeps its Retry-After.
export const headers = passOnHeaders;

type NavState = { user: { email: string } | null; sessionsUnavailable: boolean };
type RootData = NavState & { theme: Theme };
const GUEST: RootData = { user: null, sessionsUnavailable: false, theme: "system" };

// The nav shows who is signed in. A guest (no session cookie) costs nothing: no store, no
// database, not even the session code is loaded.
const sessions = lazy(() => import("~/lib/sessions/session.server"));

export async function loader({ request }: LoaderFunctionArgs): Promise<RootData> {
  const theme = themeFromCookieHeader(request.headers.get("cookie"));
  if (!hasSessionCookie(request)) return { ...GUEST, theme };
  const { navState } = await sessions();
  return { ...(await navState(request)), theme };
}

const navItems = [
  { to: "/", label: "Calculator" },
  { to: "/history", label: "History" },
  { to: "/billing", label: "Billing" },
] as const;

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded px-2 py-1 text-sm ${isActive ? "bg-primary-soft font-medium text-primary" : "text-ink-muted hover:text-ink"}`;

function AccountNav({ state }: { state: NavState }) {
  if (state.user) {
    return (
      <div className="ml-auto flex min-w-0 flex-wrap items-center gap-2">
        <NavLink to="/account" className={linkClass}>
          <span className="sr-only">Account: </span>
          <span data-testid="nav-email" className="break-all">{state.user.email}</span>
        </NavLink>
        <Form method="post" action="/logout">
          <button type="submit" className="rounded px-2 py-1 text-sm text-ink-muted hover:text-ink">
            Log out
          </button>
        </Form>
      </div>
    );
  }
  return (
    <div className="ml-auto flex min-w-0 flex-wrap items-center gap-2">
      <NavLink to="/login" className={linkClass}>
        Log in
      </NavLink>
      <NavLink to="/signup" className={linkClass}>
        Sign up
      </NavLink>
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const info = useRequestInfo();
  // Undefined while an error boundary renders without the root's data.
  const nav = useRouteLoaderData<typeof loader>("root") ?? GUEST;
  // The server rendered the cookie's theme; a choice made on this page applies at once.
  const [theme, setTheme] = useState<Theme>(nav.theme);
  useEffect(() => setTheme(nav.theme), [nav.theme]);
  return (
    <html lang="en" className={`h-full bg-canvas ${themeClass(theme)}`.trim()}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#4338ca" />
        <meta name="color-scheme" content="light dark" />
        <Meta />
        <Links />
        {info.requestId ? <meta name={META_NAMES.requestId} content={info.requestId} /> : null}
        {info.sentryDsn ? <meta name={META_NAMES.sentryDsn} content={info.sentryDsn} /> : null}
        {info.release ? <meta name={META_NAMES.release} content={info.release} /> : null}
        {info.environment ? <meta name={META_NAMES.environment} content={info.environment} /> : null}
      </head>
      <body className="min-h-full font-sans text-ink">
        <a
          href="#main"
          className="sr-only rounded bg-surface px-3 py-2 font-medium text-primary focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:ring-4 focus:ring-focus"
        >
          Skip to content
        </a>
        <header className="border-b border-line bg-surface">
          <nav aria-label="Main" className="mx-auto flex max-w-3xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
            <span className="font-semibold text-primary">CalcApp</span>
            {navItems.map((item) => (
              <NavLink key={item.to} to={item.to} end={item.to === "/"} className={linkClass}>
                {item.label}
              </NavLink>
            ))}
            <AccountNav state={nav} />
            <ThemeSwitch theme={theme} onChange={setTheme} />
          </nav>
        </header>
        {nav.sessionsUnavailable ? (
          <p role="status" className="mx-auto mt-4 max-w-3xl rounded-lg border border-warning-line bg-warning-soft px-4 py-2 text-sm text-warning">
            Signing in is temporarily unavailable. The calculator still works.
          </p>
        ) : null}
        <main id="main" tabIndex={-1} className="mx-auto max-w-3xl px-4 py-6 focus:outline-none">{children}</main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * After a client-side navigation focus would stay on a link that no longer exists (the page body):
 * move it to the new page's main content and announce the page by its title, as a full page load
 * would. The first render (a real page load) is left to the browser.
 */
function useFocusAndAnnounceNavigation(): string {
  const { pathname } = useLocation();
  const previous = useRef<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    if (previous.current !== null && previous.current !== pathname) {
      document.getElementById("main")?.focus({ preventScroll: true });
      // The title is updated by <Meta /> in the same commit; read it once it is in the document.
      const timer = window.setTimeout(() => setAnnouncement(document.title), 50);
      previous.current = pathname;
      return () => window.clearTimeout(timer);
    }
    previous.current = pathname;
    return undefined;
  }, [pathname]);
  return announcement;
}

export default function App() {
  const announcement = useFocusAndAnnounceNavigation();
  return (
    <>
      <p aria-live="polite" aria-atomic="true" className="sr-only" data-testid="route-announcer">
        {announcement}
      </p>
      <Outlet />
    </>
  );
}

function errorText(error: unknown): { title: string; message: string } {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return { title: "Page not found", message: "There is nothing at this address." };
    const message = (error.data as { message?: unknown } | null)?.message;
    if (error.status === 503 && typeof message === "string") return { title: "Temporarily unavailable", message };
  }
  return { title: "Something went wrong", message: "We could not show this page. Please try again." };
}

export function ErrorBoundary() {
  const error = useRouteError();
  const info = useRequestInfo();
  const { title, message } = errorText(error);
  const unexpected = !isRouteErrorResponse(error);
  useEffect(() => {
    // Server errors were reported by the server; this catches the ones only the browser saw.
    if (unexpected && info.sentryDsn) {
      void import("~/lib/observability/sentry.client").then(({ captureBrowserError }) => captureBrowserError(error, info));
    }
  }, [error, info, unexpected]);
  return (
    <section className="rounded-lg bg-surface p-6 shadow">
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="mt-2 text-ink-muted">{message}</p>
      {info.requestId ? (
        <p className="mt-2 text-sm text-ink-muted">
          Reference: <code data-testid="request-id">{info.requestId}</code> (quote it if you contact us)
        </p>
      ) : null}
      {/* Details only in development: production pages never show a stack trace. */}
      {import.meta.env.DEV && error instanceof Error ? (
        <pre className="mt-4 overflow-auto rounded bg-surface-muted p-3 text-xs">{error.stack}</pre>
      ) : null}
      <a className="mt-4 inline-block text-primary underline" href="/">
        Back to the calculator
      </a>
    </section>
  );
}
