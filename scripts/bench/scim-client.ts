import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface ScimAnswer {
  status: number;
  /** Milliseconds from sending the request to the last byte of the answer. */
  ms: number;
  text: string;
  headers: IncomingMessage['headers'];
  /** 429 answers waited out and retried before this one. */
  throttled: number;
}

/** Per-request time limit: a stuck request fails the phase's count, it never hangs the bench. */
const REQUEST_TIMEOUT_MS = 60_000;
/** 429s retried (after Retry-After, at most 5 s each) before the 429 counts as the answer. */
const MAX_THROTTLE_RETRIES = 5;

/**
 * A small SCIM client over node:http with keep-alive sockets (one per request in flight), so
 * the bench measures the server and not connection setup. It sends what Entra sends:
 * `Authorization: Bearer`, `application/scim+json`.
 */
export class ScimClient {
  private readonly agent: HttpAgent;
  private readonly base: URL;

  constructor(
    tenantUrl: string,
    private readonly token: string,
    maxSockets = 16,
  ) {
    this.base = new URL(tenantUrl.replace(/\/+$/, '') + '/');
    const Agent = this.base.protocol === 'https:' ? HttpsAgent : HttpAgent;
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  async send(method: string, path: string, body?: unknown): Promise<ScimAnswer> {
    for (let throttled = 0; ; throttled++) {
      const answer = await this.once(method, path, body);
      if (answer.status !== 429 || throttled >= MAX_THROTTLE_RETRIES) return { ...answer, throttled };
      await delay(Math.min(5_000, Math.max(100, Number(answer.headers['retry-after'] ?? 1) * 1000)));
    }
  }

  /** Sends, and parses a JSON answer; throws naming the request when the status is not `expect`. */
  async json<T = any>(method: string, path: string, body: unknown, expect: number): Promise<T> {
    const answer = await this.send(method, path, body);
    if (answer.status !== expect) throw new Error(`${method} ${path}: expected ${expect}, got ${answer.status} ${answer.text.slice(0, 300)}`);
    return (answer.text ? JSON.parse(answer.text) : undefined) as T;
  }

  close(): void {
    this.agent.destroy();
  }

  private once(method: string, path: string, body?: unknown): Promise<Omit<ScimAnswer, 'throttled'>> {
    const url = new URL(path.replace(/^\/+/, ''), this.base);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { authorization: `Bearer ${this.token}`, accept: 'application/scim+json' };
    if (payload) Object.assign(headers, { 'content-type': 'application/scim+json', 'content-length': payload.length });
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = send(url, { method, headers, agent: this.agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const ms = performance.now() - started;
          resolve({ status: res.statusCode ?? 0, ms, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
