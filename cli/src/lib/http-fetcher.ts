import { get as httpGet, type IncomingMessage } from "node:http";
import { get as httpsGet } from "node:https";
import { BaseFetcher, type Fetcher } from "tuf-js";
import { DownloadHTTPError, DownloadLengthMismatchError } from "tuf-js/dist/error.js";
import { DefaultFetcher } from "tuf-js/dist/fetcher.js";

export interface HttpFetcherOptions {
  timeoutMs: number;
  userAgent: string;
}

/**
 * A plain GET for tuf-js. Its default fetcher loads make-fetch-happen (a disk cache, retries and
 * proxy agents), which took longer to import than a whole warm search; TUF checks the length and
 * hash of every byte anyway. Used unless a proxy is configured (see wantsProxy).
 */
export class HttpFetcher extends BaseFetcher {
  /** Cache-Control max-age of the last timestamp.json served, in seconds (0 when absent). */
  timestampMaxAge = 0;

  constructor(private readonly options: HttpFetcherOptions) {
    super();
  }

  override async fetch(url: string): Promise<NodeJS.ReadableStream> {
    return await this.request(url);
  }

  /** Metadata and small documents are buffered in memory instead of going through a temp file. */
  override async downloadBytes(url: string, maxLength: number): Promise<Buffer> {
    const response = await this.request(url);
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of response) {
      received += (chunk as Buffer).length;
      if (received > maxLength) {
        response.destroy();
        throw new DownloadLengthMismatchError("Max length reached");
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  private request(url: string): Promise<IncomingMessage> {
    const get = url.startsWith("https:") ? httpsGet : httpGet;
    return new Promise((resolve, reject) => {
      const req = get(url, { headers: { "user-agent": this.options.userAgent }, timeout: this.options.timeoutMs }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new DownloadHTTPError(`GET ${url}: HTTP ${res.statusCode}`, res.statusCode ?? 0));
          return;
        }
        if (url.endsWith("/timestamp.json")) this.timestampMaxAge = maxAge(res.headers["cache-control"]);
        resolve(res);
      });
      req.on("timeout", () => req.destroy(new Error(`GET ${url}: no answer within ${this.options.timeoutMs} ms`)));
      req.on("error", reject);
    });
  }
}

/**
 * What the marketplace did with the last request: answered it (with bytes, a 4xx, or more bytes
 * than allowed), or never answered (connection refused, DNS, timeout, reset, 5xx). Only the
 * second is a network failure; anything the server answered is judged by TUF.
 */
export type Answer = { url: string; answered: true; status?: number } | { url: string; answered: false; reason: string };

/**
 * Wraps the fetcher tuf-js uses and records the last Answer. tuf-js wraps snapshot, targets and
 * bin failures in a generic RuntimeError (a string, no cause), so the error alone cannot tell
 * "the network is down" from "the server sent bad metadata"; this can.
 */
export class WitnessFetcher implements Fetcher {
  last: Answer | undefined;

  constructor(private readonly inner: Fetcher) {}

  async downloadBytes(url: string, maxLength: number): Promise<Buffer> {
    try {
      const bytes = await this.inner.downloadBytes(url, maxLength);
      this.last = { url, answered: true };
      return bytes;
    } catch (error) {
      this.last = answerOf(url, error);
      throw error;
    }
  }

  async downloadFile<T>(url: string, maxLength: number, handler: (file: string) => Promise<T>): Promise<T> {
    let received = false;
    try {
      return await this.inner.downloadFile(url, maxLength, (file) => {
        // The bytes arrived; what the handler (verification) throws is about them, not the network.
        received = true;
        this.last = { url, answered: true };
        return handler(file);
      });
    } catch (error) {
      if (!received) this.last = answerOf(url, error);
      throw error;
    }
  }
}

function answerOf(url: string, error: unknown): Answer {
  if (error instanceof DownloadLengthMismatchError) return { url, answered: true };
  if (error instanceof DownloadHTTPError) {
    return error.statusCode >= 500 ? { url, answered: false, reason: `HTTP ${error.statusCode}` } : { url, answered: true, status: error.statusCode };
  }
  return { url, answered: false, reason: error instanceof Error ? error.message : String(error) };
}

/** tuf-js's own fetcher (make-fetch-happen), which honours proxy variables. */
export function proxyFetcher(options: HttpFetcherOptions & { retries: number }): Fetcher {
  return new DefaultFetcher({ userAgent: options.userAgent, timeout: options.timeoutMs, retry: options.retries });
}

/** Node 20's http and fetch ignore proxy variables; tuf-js's default fetcher honours them. */
export function wantsProxy(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

/** max-age from a Cache-Control header; 0 when absent or when the response must not be reused. */
export function maxAge(header: string | undefined): number {
  if (!header || /(?:^|,)\s*(?:no-cache|no-store)\b/i.test(header)) return 0;
  const match = /(?:^|,)\s*max-age=(\d+)/i.exec(header);
  return match ? Number(match[1]) : 0;
}
