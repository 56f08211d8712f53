// Hydration, with the server's request info (request id, public Sentry settings) read back from
// the document so both renders agree. Sentry's browser SDK is fetched only when a DSN is set.
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { readRequestInfo, RequestInfoContext } from "./lib/request-info";

const info = readRequestInfo(document);

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RequestInfoContext.Provider value={info}>
        <RemixBrowser />
      </RequestInfoContext.Provider>
    </StrictMode>,
  );
});

if (info.sentryDsn) {
  void import("./lib/observability/sentry.client").then(({ initBrowserSentry }) => initBrowserSentry(info));
}
