import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { readAmiState } from "../build/read-ami-state.js";
import { withRetry } from "../deploy/retry.js";
import { CwsError, EXIT } from "../errors.js";
import { validatorFor } from "../schema/ajv.js";
import type { AmiState } from "../types/generated.js";
import { type AmiUpdate, applySbom, applyUpdate, type SbomUpdate, serializeAmiState } from "./state-merge.js";

/** The AMI state where the build reads it: a local file or s3://bucket/key. */
export interface StateStore {
  location: string;
  read(): Promise<AmiState>;
  write(state: AmiState): Promise<void>;
}

const S3_URL = /^s3:\/\/([^/]+)\/(.+)$/;

export function isS3Location(location: string): boolean {
  return S3_URL.test(location);
}

export function openStateStore(location: string, s3?: S3Client): StateStore {
  const m = S3_URL.exec(location);
  return {
    location,
    read: () => readAmiState(location, s3),
    async write(state) {
      const validate = validatorFor("amiState");
      if (!validate(state)) {
        // Writing it would make every later build fail to read the state; stop here instead.
        throw new CwsError(
          "CWS-AMI-STATE",
          `refusing to write an invalid AMI state: ${validate.errors?.[0]?.message ?? ""}`,
          "this is a bug; please report it",
          EXIT.internal,
        );
      }
      const body = serializeAmiState(state);
      if (m) {
        if (!s3) throw new CwsError("USAGE", `writing ${location} needs S3 access`, "configure AWS credentials", EXIT.usage);
        await withRetry(() =>
          s3.send(new PutObjectCommand({ Bucket: m[1], Key: m[2], Body: body, ContentType: "application/json", CacheControl: "no-store" })),
        );
        return;
      }
      // Write-then-rename, so a crash mid-write never leaves half a state for the build to choke on.
      await mkdir(dirname(location), { recursive: true });
      const temp = `${location}.${process.pid}.tmp`;
      await writeFile(temp, body);
      await rename(temp, location);
    },
  };
}

/**
 * Records AMIs one at a time, each as read-merge-write on the freshest state. Writes are
 * serialized in this process; re-reading before each write keeps entries another job wrote in
 * the meantime (for other templates or regions) instead of overwriting them with a stale copy.
 */
export class StateRecorder {
  private chain: Promise<unknown> = Promise.resolve();
  private last: AmiState | undefined;

  constructor(private readonly store: StateStore) {}

  record(update: AmiUpdate): Promise<void> {
    return this.merge((state) => applyUpdate(state, update));
  }

  recordSbom(update: SbomUpdate): Promise<void> {
    return this.merge((state) => applySbom(state, update));
  }

  private merge(apply: (state: AmiState) => AmiState): Promise<void> {
    const next = this.chain.then(async () => {
      const merged = apply(await this.store.read());
      await this.store.write(merged);
      this.last = merged;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** The state after the last successful write, if any. */
  get state(): AmiState | undefined {
    return this.last;
  }
}
