import type { Context } from "hono";
import type { CommunityStore, Item } from "../../core/community/store.js";
import type { PullRequestList } from "../../core/registry-changes/pull-requests.js";
import { validatorFor } from "../../core/schema/ajv.js";
import { API_BASE } from "../../core/spec/layout.js";
import { ApiError } from "./errors.js";
import type { Caller } from "./identity.js";
import type { RegistryChanges } from "./registry-changes.js";
import type { Operation } from "./routes.js";

/** What a handler gets: the validated request, the caller and the store. */
export interface RequestContext {
  c: Context;
  op: Operation;
  store: CommunityStore;
  caller: Caller | undefined;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  now: Date;
  includeNonPublic: boolean;
  /** Registry changes (POST/PUT/DELETE templates, fork): the publishing workflow behind the API. */
  registry: RegistryChanges;
  /** The local registry's pull requests (npm start); undefined in production, where they are on GitHub. */
  pullRequests: PullRequestList | undefined;
}

export type Handler = (r: RequestContext) => Promise<Response>;

/**
 * A JSON answer, checked against the schema the route table declares for its status. An answer
 * that does not match is a bug in the API, never the client's fault: it becomes a 500.
 */
export function reply(r: RequestContext, status: 200 | 201 | 202, body: unknown, headers: Record<string, string> = {}): Response {
  const spec = r.op.responses[status];
  if (!spec) throw new Error(`${r.op.id} answered ${status}, which the route table does not declare`);
  if (spec.schema) {
    const validate = validatorFor(spec.schema);
    if (!validate(body)) throw new Error(`${r.op.id} answer does not match ${spec.schema}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
  return r.c.json(body as object, status, headers);
}

export function requireCaller(r: RequestContext): Caller {
  if (!r.caller) throw authRequired();
  return r.caller;
}

export function authRequired(): ApiError {
  return new ApiError(401, "AUTH_REQUIRED", "this request changes data and needs an authenticated caller", {
    hint: "deployed: sign the request with AWS SigV4; local development: send X-CWS-User: <your-handle>",
  });
}

/** The template's catalog item, or 404 (also for templates a public marketplace does not list). */
export async function requireTemplate(r: RequestContext, id = r.params.id ?? ""): Promise<Item> {
  const item = await r.store.catalog.getTemplate(id);
  if (!item || typeof item.name !== "string" || (!r.includeNonPublic && item.visibility !== "public"))
    throw new ApiError(404, "TEMPLATE_NOT_FOUND", `no template ${id} in this marketplace`, {
      hint: `template ids are listed at GET ${API_BASE}/templates`,
    });
  return item;
}

export function isPublisher(template: Item, handle: string): boolean {
  return template.author === handle || (Array.isArray(template.owners) && template.owners.includes(handle));
}

/** Opaque page cursors: the offset into the sorted result. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

export function decodeCursor(cursor: unknown): number {
  if (cursor === undefined) return 0;
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(String(cursor), "base64url").toString("utf8"));
  if (!m)
    throw new ApiError(400, "VALIDATION_FAILED", "cursor is not one this API issued", {
      errors: [{ in: "query", pointer: "/cursor", message: "is not a cursor from next_cursor" }],
    });
  return Number(m[1]);
}

export function page<T>(items: readonly T[], query: Record<string, unknown>): { rows: T[]; next?: string } {
  const offset = decodeCursor(query.cursor);
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  const rows = items.slice(offset, offset + limit);
  return { rows, ...(offset + limit < items.length ? { next: encodeCursor(offset + limit) } : {}) };
}
