import type { ErrorObject } from "../../core/schema/ajv.js";
import type { ApiError as ApiErrorBody, FieldError } from "../../core/types/generated.js";
import { VISIBLE_PATTERN } from "./text.js";

/** An expected failure with its HTTP status and stable code; the body follows api-error.schema.json. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 501 | 502 | 503,
    readonly code: string,
    message: string,
    readonly extra: Omit<ApiErrorBody, "error" | "message"> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): ApiErrorBody {
    return { error: this.code, message: this.message, ...this.extra };
  }
}

export function validationFailed(errors: FieldError[]): ApiError {
  const first = errors[0];
  const summary = first
    ? `${first.in} ${first.pointer || "(whole)"} ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}`
    : "invalid request";
  return new ApiError(400, "VALIDATION_FAILED", `the request is invalid: ${summary}`, {
    errors,
    hint: "see errors[] for every problem, each located by a JSON pointer",
  });
}

const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/** Ajv errors as field errors: JSON pointers to the offending (or missing, or unexpected) value. */
export function fieldErrors(where: FieldError["in"], errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    // "must match then schema" only repeats the required error it wraps.
    if (e.keyword === "if") continue;
    let pointer = e.instancePath;
    let message = e.message ?? "is invalid";
    if (e.keyword === "required") {
      pointer = `${pointer}/${escapePointer(String(e.params.missingProperty))}`;
      message = "is required";
    } else if (e.keyword === "additionalProperties") {
      pointer = `${pointer}/${escapePointer(String(e.params.additionalProperty))}`;
      message = "is not allowed here";
    } else if (e.keyword === "pattern" && e.params.pattern === VISIBLE_PATTERN) {
      message = "must contain a visible character, not only whitespace";
    } else if (e.keyword === "enum") {
      message = `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    }
    const key = `${pointer}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ in: where, pointer, message, keyword: e.keyword });
  }
  return out;
}
