import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { collectPublishedMetadata } from "../tuf/published-metadata.js";
import { METADATA_DIR } from "../tuf/target-paths.js";
import { awsFailure } from "./aws-errors.js";
import { type RetryOptions, withRetry } from "./retry.js";
import type { S3Target } from "./s3-sync.js";

export interface FetchMetadataResult {
  /** Names written under <dir>/metadata/, in the order they were read. */
  files: string[];
  /** Bins of the live snapshot that are in the bucket. */
  bins: number;
}

/**
 * Copies the live timestamp.json, the snapshot it names and that snapshot's bins from the bucket
 * into <dir>/metadata/, where the next build finds them: its timestamp must be newer than the
 * live one, and unchanged bins are published again byte for byte (see signRelease). A bucket
 * with no timestamp.json (the first publish) writes nothing.
 */
export async function fetchPublishedMetadata(target: S3Target, dir: string, retry?: RetryOptions): Promise<FetchMetadataResult> {
  const read = async (name: string): Promise<Uint8Array | undefined> => {
    const key = `${target.prefix}${METADATA_DIR}/${name}`;
    try {
      return await withRetry(async () => {
        const response = await target.client.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }));
        return response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
      }, retry);
    } catch (error) {
      if ((error as { name?: unknown }).name === "NoSuchKey") return undefined;
      throw awsFailure(`reading s3://${target.bucket}/${key}`, error);
    }
  };
  const published = await collectPublishedMetadata(read);
  const out = join(dir, METADATA_DIR);
  await mkdir(out, { recursive: true });
  // Names come from collectPublishedMetadata, which builds them from integers and strict bin names.
  for (const [name, bytes] of published.files) await writeFile(join(out, name), bytes);
  return { files: [...published.files.keys()], bins: published.bins.size };
}
