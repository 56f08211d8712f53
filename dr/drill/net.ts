// The drill's network between regions, on loopback:
//
//   LatencyLink     a TCP proxy that delays every chunk by `delayMs` in each direction (the
//                   inter-region link: eu-west-1's replica streams from us-east-1 through it), and
//                   that a region failure cuts: open connections die and the bytes still "on the
//                   wire" are dropped, as they are when a region's network goes.
//   WriterEndpoint  Aurora's global writer endpoint: new connections go to the current writer.
//                   It follows a promotion (polling which member is writable) and stays on it:
//                   an old primary that comes back writable does not get traffic back.
import { createConnection, createServer, type Server, type Socket } from "node:net";
import pg from "pg";

export class LatencyLink {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private cutAt: number | undefined;
  /** Bytes delivered across the link, and bytes dropped when it was cut. */
  delivered = 0;
  dropped = 0;

  constructor(
    readonly target: { host: string; port: number },
    readonly delayMs: number,
  ) {}

  async listen(port: number): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
  }

  private accept(client: Socket): void {
    if (this.cutAt !== undefined) {
      client.destroy();
      return;
    }
    const upstream = createConnection(this.target);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => {});
    }
    const relay = (from: Socket, to: Socket) =>
      from.on("data", (chunk: Buffer) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (this.cutAt !== undefined || to.destroyed) return;
          this.delivered += chunk.length;
          to.write(chunk);
        }, this.delayMs);
        this.timers.add(timer);
      });
    relay(client, upstream);
    relay(upstream, client);
    client.on("close", () => setTimeout(() => upstream.destroy(), this.delayMs));
    upstream.on("close", () => setTimeout(() => client.destroy(), this.delayMs));
  }

  /** The region's network is gone: drop what is in flight, close everything, accept nothing. */
  cut(): void {
    this.cutAt = performance.now();
    this.dropped = this.timers.size;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export type Member = { region: string; host: string; port: number };

export class WriterEndpoint {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private timer: NodeJS.Timeout | undefined;
  current: Member;
  readonly moves: Array<{ at: number; region: string }> = [];

  constructor(
    readonly members: Member[],
    initial: string,
    readonly pollMs = 200,
  ) {
    this.current = members.find((m) => m.region === initial) as Member;
  }

  private async writable(member: Member): Promise<boolean> {
    const client = new pg.Client({ host: member.host, port: member.port, user: "postgres", database: "postgres", connectionTimeoutMillis: 500, query_timeout: 500 });
    client.on("error", () => {});
    try {
      await client.connect();
      const { rows } = await client.query<{ r: boolean }>("SELECT pg_is_in_recovery() AS r");
      return rows[0]?.r === false;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  }

  private async poll(): Promise<void> {
    if (await this.writable(this.current)) return;
    for (const member of this.members) {
      if (member !== this.current && (await this.writable(member))) {
        this.current = member;
        this.moves.push({ at: performance.now(), region: member.region });
        return;
      }
    }
  }

  async listen(port: number): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection({ host: this.current.host, port: this.current.port });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
    const loop = async () => {
      await this.poll().catch(() => {});
      if (this.server?.listening) this.timer = setTimeout(() => void loop(), this.pollMs);
    };
    void loop();
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
