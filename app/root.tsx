import type { LinksFunction, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  // No favicon file: this stops browsers from asking for /favicon.ico on every page.
  { rel: "icon", href: "data:," },
];

export const meta: MetaFunction = () => [
  { title: "CalcApp" },
  { name: "description", content: "A precise calculator that keeps your history." },
];

const navItems = [
  { to: "/", label: "Calculator" },
  { to: "/history", label: "History" },
  { to: "/billing", label: "Billing" },
] as const;

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className="h-full bg-slate-100">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-full font-sans text-slate-900">
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-3xl items-center gap-4 px-4 py-3">
            <span className="font-semibold text-indigo-700">CalcApp</span>
            {navItems.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.to === "/"}
                className={({ isActive }) =>
                  `rounded px-2 py-1 text-sm ${isActive ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-600 hover:text-slate-900"}`
                }
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
        </header>
        <main className="mx-auto max-w-3xl px-4 py-6">{children}</main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <section className="rounded-lg bg-white p-6 shadow">
      <h1 className="text-xl font-semibold">{notFound ? "Page not found" : "Something went wrong"}</h1>
      <p className="mt-2 text-slate-600">
        {notFound ? "There is nothing at this address." : "We could not show this page. Please try again."}
      </p>
      <a className="mt-4 inline-block text-indigo-700 underline" href="/">
        Back to the calculator
      </a>
    </section>
  );
}
