import { get as httpGet, type IncomingMessage } from "node:http";
import { get as httpsGet } from "node:https";
import { BaseFetcher } from "tuf-js";
import { DownloadHTTPError, DownloadLengthMismatchError } from "tuf-js/dist/error.js";

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
