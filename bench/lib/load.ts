import { percentile } from "./stats.js";

export interface LoadRequest {
  method: "POST" | "PUT" | "GET";
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  wallMs: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Responses by status code, so a benchmark of errors is never mistaken for one of writes. */
  statuses: Record<string, number>;
  /** A few bodies of unexpected responses, for the error message. */
  samples: string[];
}

/**
 * Sends `count` requests with at most `concurrency` in flight (a closed loop: each worker sends
 * its next request when the previous one answered) and records each latency from send to full
 * response body.
 */
export async function runLoad(count: number, concurrency: number, make: (i: number) => LoadRequest, expected: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const samples: string[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const request = make(i);
      const started = performance.now();
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
      const text = await response.text();
      latencies.push(performance.now() - started);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status !== expected && samples.length < 3) samples.push(`${response.status} ${text.slice(0, 300)}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const wallMs = performance.now() - started;
  return { requests: count, wallMs, perSecond: count / (wallMs / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), statuses, samples };
}
