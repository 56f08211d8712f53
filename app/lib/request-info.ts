// Facts about the document being rendered that both the server render and the browser need:
// the request id (shown on error pages, so a user's report matches the log line), and the
// public Sentry settings for the browser. The server writes them as <meta> tags; the browser
// reads them back before hydrating, so both renders agree.
import { createContext, useContext } from "react";

export type RequestInfo = {
  requestId: string | null;
  /** Sentry's DSN is public by design (browsers send events with it). */
  sentryDsn: string | null;
  release: string;
  environment: string;
};

export const EMPTY_REQUEST_INFO: RequestInfo = { requestId: null, sentryDsn: null, release: "", environment: "" };

export const RequestInfoContext = createContext<RequestInfo>(EMPTY_REQUEST_INFO);

export function useRequestInfo(): RequestInfo {
  return useContext(RequestInfoContext);
}

export const META_NAMES = {
  requestId: "calcapp:request-id",
  sentryDsn: "calcapp:sentry-dsn",
  release: "calcapp:release",
  environment: "calcapp:environment",
} as const satisfies Record<keyof RequestInfo, string>;

export function readRequestInfo(doc: Pick<Document, "querySelector">): RequestInfo {
  const read = (name: string) => doc.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || null;
  return {
    requestId: read(META_NAMES.requestId),
    sentryDsn: read(META_NAMES.sentryDsn),
    release: read(META_NAMES.release) ?? "",
    environment: read(META_NAMES.environment) ?? "",
  };
}
