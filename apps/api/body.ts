import type { Context } from "hono";
import { ApiError } from "./errors.js";

/** Largest request body accepted (a review is at most ~6 KB; a registry publish, template and README). */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request's JSON body, read while it streams and cut at MAX_BODY_BYTES: a body that
 * declares more is refused before a byte of it is read, and one that does not (chunked) is
 * refused as soon as the limit is passed, so memory never grows with what a client sends.
 * The Node adapter then closes the connection rather than drain the rest (apps/api/node.ts).
 */
export async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header("content-type");
  if (type !== undefined && !/\bjson\b/i.test(type))
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", `send JSON (content-type: application/json), not ${type.slice(0, 80)}`);
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const bytes = await readLimited(c.req.raw.body, MAX_BODY_BYTES);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // JSON text is UTF-8 (RFC 8259); a replacement character would silently change what was sent.
    throw new ApiError(400, "INVALID_JSON", "the body is not valid UTF-8", { errors: [{ in: "body", pointer: "", message: "is not valid UTF-8" }] });
  }
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(400, "INVALID_JSON", `the body is not JSON: ${(error as Error).message}`, {
      errors: [{ in: "body", pointer: "", message: "is not valid JSON" }],
    });
  }
}

/** Reads a stream to its end, or throws 413 BODY_TOO_LARGE at the first chunk past `limit` bytes. */
export async function readLimited(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!stream) return new Uint8Array();
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      // Stop pulling: the rest stays unread in the socket, which the adapter closes.
      reader.releaseLock();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function tooLarge(): ApiError {
  return new ApiError(413, "BODY_TOO_LARGE", `the body is larger than ${MAX_BODY_BYTES} bytes`, { hint: `send at most ${MAX_BODY_BYTES / 1024} KiB of JSON` });
}
