import { readFile } from "node:fs/promises";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { CwsError, EXIT } from "../errors.js";
import { validatorFor } from "../schema/ajv.js";
import type { AmiState } from "../types/generated.js";

export const EMPTY_AMI_STATE: AmiState = { version: 1, templates: {} };

/**
 * Reads the AMI pipeline's state from a file or s3://bucket/key. A missing state means no AMIs
 * were built yet; a malformed one is an error, since launching from bad AMI data is unsafe.
 */
export async function readAmiState(location: string | undefined, s3?: S3Client): Promise<AmiState> {
  if (!location) return EMPTY_AMI_STATE;
  let text: string | undefined;
  try {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
    if (m) {
      if (!s3) throw new CwsError("USAGE", `reading ${location} needs S3 access`, "configure AWS credentials", EXIT.usage);
      const object = await s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
      text = await object.Body?.transformToString("utf8");
    } else text = await readFile(location, "utf8");
  } catch (error) {
    const name = (error as { name?: string; code?: string }).name ?? "";
    if (name === "NoSuchKey" || (error as { code?: string }).code === "ENOENT") return EMPTY_AMI_STATE;
    throw error;
  }
  let state: unknown;
  try {
    state = JSON.parse(text ?? "");
  } catch {
    throw new CwsError(
      "CWS-AMI-STATE",
      `AMI state ${location} is not valid JSON`,
      "rerun the AMI pipeline, or remove the file to build without AMIs",
      EXIT.invalid,
    );
  }
  const validate = validatorFor("amiState");
  if (!validate(state)) {
    const first = validate.errors?.[0];
    throw new CwsError(
      "CWS-AMI-STATE",
      `AMI state ${location} is malformed at ${first?.instancePath || "/"}: ${first?.message ?? ""}`,
      "see schemas/ami-state.schema.json",
      EXIT.invalid,
    );
  }
  return state as AmiState;
}
