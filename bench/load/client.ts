/** A browser's side of the API over plain HTTP: keeps its session cookie and sends the CSRF token it was given. */
export class Browser {
  private cookies = new Map<string, string>();
  private csrf = '';

  constructor(
    readonly url: string,
    /** The address a proxy in front would report for this browser (X-Forwarded-For). */
    private address?: string,
  ) {}

  /** Status 0: no answer (the connection failed). */
  async send(method: string, path: string, body?: unknown, raw?: Buffer): Promise<{ status: number; body: unknown; bytes: number }> {
    const headers: Record<string, string> = { 'X-CSRF-Token': this.csrf };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.address) headers['X-Forwarded-For'] = this.address;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (raw) headers['Content-Type'] = 'application/octet-stream';
    const request = () => fetch(`${this.url}${path}`, { method, headers, body: raw ? new Uint8Array(raw) : body === undefined ? undefined : JSON.stringify(body) });
    let response: Response;
    try {
      // A kept-alive connection the server closed just as this request left (its main thread was busy past the
      // keep-alive timeout): a browser sends a GET again on a fresh one.
      response = await request().catch((error: unknown) => (method === 'GET' ? request() : Promise.reject(error)));
    } catch {
      return { status: 0, body: undefined, bytes: 0 };
    }
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    const json = response.headers.get('content-type')?.includes('json') ? (JSON.parse(bytes.toString('utf8')) as unknown) : undefined;
    if (json && typeof json === 'object' && 'csrfToken' in json) this.csrf = String(json.csrfToken);
    return { status: response.status, body: json, bytes: bytes.length };
  }

  /** Opens the app (a session cookie and its CSRF token) and logs in; throws unless the log-in succeeds. */
  async logIn(username: string, password: string): Promise<void> {
    await this.send('GET', '/api/session');
    const { status, body } = await this.send('POST', '/api/login', { username, password });
    if (status !== 200) throw new Error(`log-in as ${username}: ${status} ${JSON.stringify(body)}`);
  }
}

/** Round-trip times of one route, in ms. */
export class Timings {
  readonly byRoute = new Map<string, number[]>();
  readonly statuses = new Map<string, Map<number, number>>();

  async time<T extends { status: number }>(route: string, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const result = await call();
    const ms = performance.now() - started;
    (this.byRoute.get(route) ?? this.byRoute.set(route, []).get(route)!).push(ms);
    const statuses = this.statuses.get(route) ?? this.statuses.set(route, new Map()).get(route)!;
    statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
    return result;
  }

  /** p50 and p95 of a route (nearest rank), with the number of requests. */
  percentiles(route: string): { n: number; p50: number; p95: number; max: number } {
    const sorted = [...(this.byRoute.get(route) ?? [])].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
    return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
  }
}
