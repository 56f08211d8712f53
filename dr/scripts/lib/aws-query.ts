// AWS calls signed with SigV4 for the services the DR scripts need and whose SDK clients this
// project does not install: CloudWatch (the replication-lag metric) and ElastiCache (Global
// Datastore failover) speak the "query protocol" (form-encoded POST, XML answer); EventBridge
// (the scheduled jobs' rules) speaks JSON 1.1. Credentials come from
// an installed SDK client's provider chain, so they are the same as every other call's.
import { createHash, createHmac } from "node:crypto";

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export type QueryRequest = { service: "monitoring" | "elasticache"; region: string; action: string; version: string; params: Record<string, string> };

/** Sends one query-protocol request and returns the XML body; rejects on a non-2xx answer. */
export type QueryFn = (request: QueryRequest) => Promise<string>;

const sha256 = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** SigV4 headers for a POST of `body` to https://host/. */
export function signQuery(host: string, region: string, service: string, body: string, credentials: Credentials, now = new Date(), extra: Record<string, string> = { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { ...extra, host, "x-amz-date": amzDate };
  if (credentials.sessionToken) headers["x-amz-security-token"] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonical = ["POST", "/", "", ...names.map((n) => `${n}:${headers[n]}`), "", names.join(";"), sha256(body)].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), service), "aws4_request");
  const signature = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}` };
}

export function awsQuery(credentials: () => Promise<Credentials>, timeoutMs = 10_000): QueryFn {
  return async ({ service, region, action, version, params }) => {
    const host = `${service}.${region}.amazonaws.com`;
    const body = Object.entries({ Action: action, Version: version, ...params })
      .map(([k, v]) => `${encode(k)}=${encode(v)}`)
      .join("&");
    const response = await fetch(`https://${host}/`, { method: "POST", headers: signQuery(host, region, service, body, await credentials()), body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${service} ${action} in ${region}: HTTP ${response.status}: ${text.slice(0, 300)}`);
    return text;
  };
}

/** Every text of <tag>…</tag> in an XML document (enough for the few fields read here). */
export function xmlAll(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => m[1] as string);
}

export const xmlOne = (xml: string, tag: string): string | undefined => xmlAll(xml, tag)[0];

export type JsonRequest = { service: "events"; region: string; target: string; body: Record<string, unknown> };

/** Sends one JSON 1.1 request (X-Amz-Target) and returns the parsed answer. */
export type JsonFn = (request: JsonRequest) => Promise<Record<string, unknown>>;

export function awsJson(credentials: () => Promise<Credentials>, timeoutMs = 10_000): JsonFn {
  return async ({ service, region, target, body }) => {
    const host = `${service}.${region}.amazonaws.com`;
    const text = JSON.stringify(body);
    const headers = signQuery(host, region, service, text, await credentials(), new Date(), { "content-type": "application/x-amz-json-1.1", "x-amz-target": target });
    const response = await fetch(`https://${host}/`, { method: "POST", headers, body: text, signal: AbortSignal.timeout(timeoutMs) });
    const answer = await response.text();
    if (!response.ok) throw new Error(`${service} ${target} in ${region}: HTTP ${response.status}: ${answer.slice(0, 300)}`);
    return answer ? (JSON.parse(answer) as Record<string, unknown>) : {};
  };
}
