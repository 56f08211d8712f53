// The drill's front: what CloudFront + Route 53 failover records do for the API origin, on
// loopback. It probes each region's /health every interval (like Route 53's HTTPS checks), marks
// a region unhealthy after `threshold` consecutive failures (healthy again after as many
// successes), and answers "which region" like the PRIMARY/SECONDARY records: the primary when it
// is healthy, else the secondary when healthy, else the primary (Route 53 answers as if all were
// healthy when none is). Nothing pins it: each region's /health passes only where the database is
// the writer and the region role names the region (app/lib/dr/writer-check.server.ts), so traffic
// moves with the promotion and never back to a fenced region. Clients keep an answer for `ttlMs`
// (the record's TTL). Requests are proxied to the answer, with the headers CloudFront adds
// (X-Origin-Verify, CloudFront-Viewer-Address).
//
//   GET  /__front/status   regions' health and events
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export type FrontRegion = { name: string; url: string };

export type FrontOptions = {
  regions: [FrontRegion, FrontRegion]; // [PRIMARY, SECONDARY]
  intervalMs: number;
  threshold: number;
  ttlMs: number;
  healthPath: string;
  originVerify: string;
};

type RegionState = { healthy: boolean; streak: number; lastChange: number; probes: number };
export type FrontEvent = { at: number; region: string; healthy: boolean };

export class Front {
  readonly state = new Map<string, RegionState>();
  readonly events: FrontEvent[] = [];
  private answer: { region: string; at: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private server: Server | undefined;

  constructor(readonly options: FrontOptions) {
    for (const region of options.regions) this.state.set(region.name, { healthy: true, streak: 0, lastChange: performance.now(), probes: 0 });
  }

  get primary(): string {
    return this.options.regions[0].name;
  }

  /** The failover records' answer right now. */
  resolve(): string {
    const [primary, secondary] = this.options.regions;
    if (this.state.get(primary.name)?.healthy) return primary.name;
    if (this.state.get(secondary.name)?.healthy) return secondary.name;
    return primary.name; // both unhealthy: Route 53 answers as if all were healthy
  }

  /** What a client with a cached answer uses (re-resolved once the TTL has passed). */
  route(): string {
    const now = performance.now();
    if (!this.answer || now - this.answer.at >= this.options.ttlMs) this.answer = { region: this.resolve(), at: now };
    return this.answer.region;
  }

  private async probe(region: FrontRegion): Promise<void> {
    let ok = false;
    try {
      const response = await fetch(`${region.url}${this.options.healthPath}`, { signal: AbortSignal.timeout(Math.min(this.options.intervalMs, 2_000)) });
      ok = response.status === 200;
      await response.arrayBuffer();
    } catch {
      ok = false;
    }
    const state = this.state.get(region.name) as RegionState;
    state.probes++;
    if (ok === state.healthy) {
      state.streak = 0;
      return;
    }
    state.streak++;
    if (state.streak >= this.options.threshold) {
      state.healthy = ok;
      state.streak = 0;
      state.lastChange = performance.now();
      this.events.push({ at: state.lastChange, region: region.name, healthy: ok });
    }
  }

  async listen(port: number): Promise<void> {
    this.timer = setInterval(() => {
      for (const region of this.options.regions) void this.probe(region);
    }, this.options.intervalMs);
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  status() {
    return {
      primary: this.primary,
      serving: this.resolve(),
      regions: Object.fromEntries([...this.state].map(([name, s]) => [name, { healthy: s.healthy, probes: s.probes }])),
      events: this.events,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    if (url === "/__front/status") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(this.status()));
      return;
    }
    const regionName = this.route();
    const region = this.options.regions.find((r) => r.name === regionName) as FrontRegion;
    const target = new URL(region.url);
    const headers = { ...req.headers };
    // CloudFront: the viewer's address (here: the drill user's, from x-drill-viewer-address) and the origin secret.
    const viewer = headers["x-drill-viewer-address"];
    delete headers["x-drill-viewer-address"];
    delete headers["cloudfront-viewer-address"];
    if (typeof viewer === "string") headers["cloudfront-viewer-address"] = viewer;
    headers["x-origin-verify"] = this.options.originVerify;
    // Host stays the public one (the app compares it with Origin, as behind CloudFront's forwarded host).
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: url, headers, timeout: 30_000 }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, "x-served-by": regionName });
      answer.pipe(res);
    });
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json", "x-served-by": regionName }).end(JSON.stringify({ message: "Bad Gateway" }));
      else res.destroy();
    });
    upstream.on("timeout", () => upstream.destroy(new Error("timeout")));
    req.pipe(upstream);
  }
}
