// A fake Amazon SES (API v2) over HTTP, loopback only, as the Stripe fake does for Stripe:
// - POST /v2/email/outbound-emails: SendEmail as @aws-sdk/client-sesv2 speaks it (REST-JSON,
//   Simple content; the SDK is pointed here with `endpoint` and dummy credentials); answers
//   { MessageId } and keeps the message;
// - GET /: an HTML list of what was sent (for a person trying sign-up locally);
// - /_fake/*: a JSON control API for tests: GET /_fake/messages[?to=address], DELETE /_fake/messages.
import { randomUUID } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, send } from "../fake-http";

export type FakeMessage = {
  id: string;
  sentAt: string;
  from: string;
  to: string[];
  subject: string;
  text?: string;
  html?: string;
  configurationSet?: string;
};

export type SesFakeServer = { messages: FakeMessage[]; url: string; port: number; server: Server; close(): Promise<void> };

type Content = { Data?: string };
type SendEmailBody = {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[] };
  ConfigurationSetName?: string;
  Content?: { Simple?: { Subject?: Content; Body?: { Text?: Content; Html?: Content } } };
};

/** SES's error shape, as the SDK reads it (x-amzn-errortype names the exception). */
function sesError(response: ServerResponse, status: number, type: string, message: string): void {
  send(response, status, { message }, { "x-amzn-errortype": type });
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

const linkify = (text: string) => escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

export function messagesPage(messages: FakeMessage[]): string {
  const items = [...messages]
    .reverse()
    .map(
      (m) =>
        `<article><h2>${escapeHtml(m.subject)}</h2><p>To ${escapeHtml(m.to.join(", "))} from ${escapeHtml(m.from)} at ${m.sentAt}</p><pre>${linkify(m.text ?? "(no text part)")}</pre></article>`,
    )
    .join("\n");
  return `<!doctype html><html><head><meta charset="utf-8"><title>Sent mail (local SES fake)</title></head><body><h1>Sent mail</h1>${items || "<p>Nothing sent yet.</p>"}</body></html>`;
}

export async function startSesFake(options: { port?: number } = {}): Promise<SesFakeServer> {
  const messages: FakeMessage[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const route = `${request.method} ${url.pathname}`;
      if (route === "POST /v2/email/outbound-emails") {
        if (!/^AWS4-HMAC-SHA256 Credential=/.test(request.headers.authorization ?? "")) {
          return sesError(response, 403, "AccessDeniedException", "Missing SigV4 signature");
        }
        let body: SendEmailBody;
        try {
          body = JSON.parse(await readBody(request)) as SendEmailBody;
        } catch {
          return sesError(response, 400, "BadRequestException", "Body is not JSON");
        }
        const simple = body.Content?.Simple;
        const to = body.Destination?.ToAddresses ?? [];
        if (!body.FromEmailAddress || to.length === 0 || !simple?.Subject?.Data || !(simple.Body?.Text || simple.Body?.Html)) {
          return sesError(response, 400, "BadRequestException", "FromEmailAddress, Destination.ToAddresses, Subject and a Body are required");
        }
        const message: FakeMessage = {
          id: randomUUID(),
          sentAt: new Date().toISOString(),
          from: body.FromEmailAddress,
          to,
          subject: simple.Subject.Data,
          text: simple.Body?.Text?.Data,
          html: simple.Body?.Html?.Data,
          configurationSet: body.ConfigurationSetName,
        };
        messages.push(message);
        return send(response, 200, { MessageId: message.id });
      }
      if (route === "GET /_fake/messages") {
        const to = url.searchParams.get("to")?.toLowerCase();
        return send(response, 200, to ? messages.filter((m) => m.to.some((a) => a.toLowerCase() === to)) : messages);
      }
      if (route === "DELETE /_fake/messages") {
        messages.length = 0;
        return send(response, 200, { deleted: true });
      }
      if (route === "GET /") return send(response, 200, messagesPage(messages));
      return sesError(response, 404, "NotFoundException", `No route ${route}`);
    })().catch((error: unknown) => sesError(response, 500, "InternalFailure", String(error)));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    messages,
    port,
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
