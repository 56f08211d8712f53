// A small browser stand-in for integration tests: a cookie jar, the Origin a same-site form post
// carries, and, when it is given the origin secret, CloudFront's part: X-Origin-Verify and
// (optionally) the viewer's address, passed the way CloudFront passes them.
export type RequestOptions = {
  method?: string;
  headers?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  /** The Origin header; default: the app's own. null: none. */
  origin?: string | null;
};

export class Client {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly base: string,
    private readonly viewer?: { ip?: string; secret: string },
  ) {}

  /** The same browser, seen from another address. */
  from(ip: string, secret: string): Client {
    const other = new Client(this.base, { ip, secret });
    for (const [name, value] of this.cookies) other.cookies.set(name, value);
    return other;
  }

  async request(path: string, options: RequestOptions = {}): Promise<Response> {
    const method = options.method ?? (options.form || options.json !== undefined ? "POST" : "GET");
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    if (method !== "GET" && method !== "HEAD") {
      const origin = options.origin === undefined ? this.base : options.origin;
      if (origin !== null) headers.origin = origin;
    }
    if (this.viewer) {
      if (this.viewer.ip) headers["cloudfront-viewer-address"] = `${this.viewer.ip}:54321`;
      headers["x-origin-verify"] = this.viewer.secret;
    }
    let body: string | undefined;
    if (options.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(options.form).toString();
    } else if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    }
    const response = await fetch(new URL(path, this.base), { method, headers, body, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) this.store(line);
    return response;
  }

  get(path: string, options: Omit<RequestOptions, "form" | "json"> = {}): Promise<Response> {
    return this.request(path, { ...options, method: "GET" });
  }

  post(path: string, form: Record<string, string>, options: Omit<RequestOptions, "form"> = {}): Promise<Response> {
    return this.request(path, { ...options, form });
  }

  private store(setCookie: string): void {
    const [pair = "", ...attributes] = setCookie.split(";").map((part) => part.trim());
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const expired = attributes.some((attribute) => {
      const [key = "", val = ""] = attribute.split("=");
      if (key.toLowerCase() === "max-age") return Number(val) <= 0;
      if (key.toLowerCase() === "expires") return new Date(val).getTime() <= Date.now();
      return false;
    });
    if (expired || value === "") this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** The attributes of the Set-Cookie line for `name`, lower-cased keys. */
export function setCookieAttributes(response: Response, name: string): Record<string, string> | null {
  const line = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  if (!line) return null;
  const [pair = "", ...rest] = line.split(";").map((part) => part.trim());
  const attributes: Record<string, string> = { value: pair.slice(name.length + 1) };
  for (const attribute of rest) {
    const [key = "", ...value] = attribute.split("=");
    attributes[key.toLowerCase()] = value.join("=") || "true";
  }
  return attributes;
}
