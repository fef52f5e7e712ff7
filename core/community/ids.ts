import { createHash, randomBytes } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A review id: "rev_" and a ULID (48-bit millisecond time, 80 random bits, Crockford base 32),
 * so ids sort by creation time and never collide in practice.
 */
export function newReviewId(now: Date, random: (n: number) => Uint8Array = randomBytes): string {
  let time = now.getTime();
  let head = "";
  for (let i = 0; i < 10; i++) {
    head = (CROCKFORD[time % 32] ?? "0") + head;
    time = Math.floor(time / 32);
  }
  const bytes = random(16);
  let tail = "";
  for (let i = 0; i < 16; i++) tail += CROCKFORD[(bytes[i] ?? 0) % 32];
  return `rev_${head}${tail}`;
}

/** One report per reporter per target: the id is a digest of both, so a repeat is a key collision. */
export function reportId(reporter: string, templateId: string, reviewer?: string): string {
  const digest = createHash("sha256")
    .update(`${reporter}\n${templateId}\n${reviewer ?? ""}`)
    .digest("hex");
  return `rpt_${digest.slice(0, 24)}`;
}

/**
 * The one stored form of a usage event's idempotency key. The schema's uuid format accepts
 * either case and an optional urn:uuid: prefix, and all of those spell the same UUID
 * (RFC 9562), so they must be the same key: lower case, no prefix.
 */
export function canonicalEventId(id: string): string {
  return id.toLowerCase().replace(/^urn:uuid:/, "");
}
