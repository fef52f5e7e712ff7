/**
 * The packed Lunr index of indexes/search-index.json (docs/client-spec.md §3.1). Lunr's own
 * serialization stores every posting and every field vector as JSON objects, so loading it
 * costs a full JSON.parse of megabytes of tiny objects on every search. The packed form keeps
 * what Lunr's BM25 scoring needs (term frequencies, field lengths, averages) as compact strings
 * that are decoded only for the terms a query touches; the scores are Lunr's own.
 */

/** The `format` a client of this spec reads. */
export const PACKED_FORMAT = "lunr-packed-1";

/** Separates fields within a posting, entries within a field, and a doc delta from its term frequency. */
export const FIELD_SEPARATOR = ";";
export const ENTRY_SEPARATOR = ",";
export const TF_SEPARATOR = ":";
export const RADIX = 36;

/** Encodes one term's posting: per field, ascending doc numbers as deltas, each with tf when it is not 1. */
export function encodePosting(fields: readonly (readonly [doc: number, tf: number][])[]): string {
  return fields
    .map((entries) => {
      let previous = 0;
      return entries
        .map(([doc, tf]) => {
          const delta = (doc - previous).toString(RADIX);
          previous = doc;
          return tf === 1 ? delta : `${delta}${TF_SEPARATOR}${tf.toString(RADIX)}`;
        })
        .join(ENTRY_SEPARATOR);
    })
    .join(FIELD_SEPARATOR);
}

/** The inverse of encodePosting: per field, a flat [doc, tf, doc, tf, …] list. */
export function decodePosting(text: string, fieldCount: number): number[][] {
  const segments = text.split(FIELD_SEPARATOR);
  if (segments.length !== fieldCount) throw new Error(`posting has ${segments.length} fields, expected ${fieldCount}`);
  return segments.map((segment) => {
    const out: number[] = [];
    if (segment === "") return out;
    let doc = 0;
    for (const entry of segment.split(ENTRY_SEPARATOR)) {
      const colon = entry.indexOf(TF_SEPARATOR);
      doc += Number.parseInt(colon < 0 ? entry : entry.slice(0, colon), RADIX);
      out.push(doc, colon < 0 ? 1 : Number.parseInt(entry.slice(colon + 1), RADIX));
    }
    return out;
  });
}

/** Fixed-width base-36 numbers, so the value for document n is read without decoding the rest. */
export function encodeFixedWidth(values: readonly number[]): { width: number; data: string } {
  const width = Math.max(1, ...values.map((v) => v.toString(RADIX).length));
  return { width, data: values.map((v) => v.toString(RADIX).padStart(width, "0")).join("") };
}

export function readFixedWidth(column: { width: number; data: string }, index: number): number {
  return Number.parseInt(column.data.slice(index * column.width, (index + 1) * column.width), RADIX);
}
