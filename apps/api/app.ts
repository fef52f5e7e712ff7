import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type Context, Hono } from "hono";
import { CommunityStore } from "../../core/community/store.js";
import { listOpener, type PullRequestList } from "../../core/registry-changes/pull-requests.js";
import { validatorFor } from "../../core/schema/ajv.js";
import { HANDLE, TEMPLATE_ID } from "../../core/spec/ids.js";
import { API_BASE } from "../../core/spec/layout.js";
import type { FieldError } from "../../core/types/generated.js";
import { jsonBody } from "./body.js";
import { cacheControlFor } from "./cache-control.js";
import { authRequired, type Handler, type RequestContext } from "./context.js";
import { ApiError, fieldErrors, validationFailed } from "./errors.js";
import { getPullRequest, listPullRequests, openPullRequest } from "./handlers/pull-requests.js";
import { createTemplate, deleteTemplate, forkTemplate, updateTemplate } from "./handlers/registry.js";
import { createReview, deleteReply, getReview, listReviews, replyToReview, unvoteReview, updateReview, voteReview } from "./handlers/reviews.js";
import { getTemplate, listTemplates } from "./handlers/templates.js";
import { getAnalytics, recordUsage, reportContent } from "./handlers/usage.js";
import { type IamContext, type IdentityMode, resolveCaller } from "./identity.js";
import { openApiDocument } from "./openapi.js";
import { RegistryChanges } from "./registry-changes.js";
import { honoPath, OPERATIONS, type OperationId } from "./routes.js";
import { invalidTextErrors } from "./text.js";

export interface ApiOptions {
  client: DynamoDBClient;
  /** Table name prefix; defaults to CWS_TABLE_PREFIX. */
  tablePrefix?: string;
  identity: IdentityMode;
  /** Also serve private and organization templates (a private marketplace behind access control). */
  includeNonPublic?: boolean;
  /** The clock (tests pin it). */
  now?: () => Date;
  /** Where unexpected errors are reported; defaults to console.error. */
  log?: (line: string) => void;
  /**
   * The registry-change settings (CWS_REGISTRY_REPO, CWS_REGISTRY_BRANCH, CWS_REGISTRY_TOKEN,
   * CWS_GITHUB_API_URL, CWS_GITHUB_REPO, CWS_REGISTRY_WORKSPACE_DIR; docs/api.md), read at each
   * request; defaults to process.env. Without CWS_REGISTRY_REPO those endpoints answer 501.
   */
  registryEnv?: Readonly<Record<string, string | undefined>>;
  /** The local registry's pull requests (npm start only): changes open pull requests there, and the pull-requests endpoints serve it. */
  pullRequests?: PullRequestList;
}

/** What adapters pass as the Hono env: the Lambda adapter puts the function URL event here. */
export interface ApiBindings {
  lambdaEvent?: { requestContext?: { authorizer?: { iam?: IamContext } } };
}

type ApiEnv = { Bindings: ApiBindings };

const HANDLERS: Record<OperationId, Handler> = {
  listTemplates,
  getTemplate,
  createTemplate,
  updateTemplate,
  deleteTemplate,
  forkTemplate,
  listReviews,
  createReview,
  getReview,
  updateReview,
  voteReview,
  unvoteReview,
  replyToReview,
  deleteReply,
  recordUsage,
  getAnalytics,
  reportContent,
  listPullRequests,
  openPullRequest,
  getPullRequest,
  getOpenApi: async (r) => r.c.json(openApiDocument()),
};

const PARAM_PATTERNS: Record<string, RegExp> = { id: TEMPLATE_ID, reviewer: HANDLE };

/**
 * The marketplace API as one Hono app. Adapters (apps/api/node.ts, apps/api/lambda.ts) differ only
 * in how requests arrive and how callers are identified; every route, validation and answer is
 * this code. Each request: identify the caller, refuse anonymous writes (401), validate path,
 * query and body against the route's schemas (400 with JSON-pointer field errors, before any
 * write), run the handler, and check its answer against the declared response schema.
 */
export function createApp(options: ApiOptions): Hono<ApiEnv> {
  const store = new CommunityStore(options.client, options.tablePrefix);
  const clock = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.error(line));
  const pullRequests = options.pullRequests;
  const registry = new RegistryChanges({ env: options.registryEnv ?? process.env, log, ...(pullRequests ? { openReview: listOpener(pullRequests) } : {}) });
  const app = new Hono<ApiEnv>();

  app.use("*", async (c, next) => {
    await next();
    if (c.req.method === "GET" || c.req.method === "HEAD") c.header("access-control-allow-origin", "*");
    if (!c.res.headers.has("cache-control")) c.header("cache-control", cacheControlFor(c.req.method, c.res.status));
  });

  for (const op of OPERATIONS) {
    app.on(op.method.toUpperCase(), honoPath(op.path), async (c) => {
      const caller = resolveCaller(options.identity, (name) => c.req.header(name), c.env?.lambdaEvent?.requestContext?.authorizer?.iam);
      if (op.auth && !caller) throw authRequired();
      const params = c.req.param() as Record<string, string>;
      const problems: FieldError[] = [];
      for (const [name, value] of Object.entries(params)) {
        const pattern = PARAM_PATTERNS[name];
        if (pattern && !pattern.test(value))
          problems.push({ in: "path", pointer: `/${name}`, message: `does not match ${pattern.source}`, keyword: "pattern" });
      }
      const query = op.query ? queryObject(c, op.query) : {};
      if (op.query) {
        const validate = validatorFor(op.query);
        if (!validate(query)) problems.push(...fieldErrors("query", validate.errors));
      }
      let body: unknown;
      if (op.body) {
        body = await jsonBody(c);
        problems.push(...invalidTextErrors(body));
        const validate = validatorFor(op.body);
        if (!validate(body)) problems.push(...fieldErrors("body", validate.errors));
      }
      if (problems.length > 0) throw validationFailed(problems);
      const r: RequestContext = {
        c,
        op,
        store,
        caller,
        params,
        query,
        body,
        now: clock(),
        includeNonPublic: options.includeNonPublic ?? false,
        registry,
        pullRequests,
      };
      return HANDLERS[op.id](r);
    });
  }

  app.notFound((c) =>
    send(
      c,
      new ApiError(404, "NO_SUCH_ENDPOINT", `no ${c.req.method} ${new URL(c.req.url).pathname} in this API`, {
        hint: `the endpoints are described at ${API_BASE}/openapi.json`,
      }),
    ),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) return send(c, error);
    const name = (error as { name?: string }).name ?? "";
    if (["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded", "TransactionConflictException"].includes(name))
      return send(
        c,
        new ApiError(503, "BUSY", "the marketplace is busy; retry shortly", { hint: "retry with backoff; writes are idempotent" }, { "retry-after": "1" }),
      );
    if (name === "ResourceNotFoundException")
      return send(c, new ApiError(503, "TABLES_MISSING", "the community tables do not exist", { hint: "create them: npm run create-tables" }));
    log(`marketplace API: unexpected error on ${c.req.method} ${c.req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return send(c, new ApiError(500, "INTERNAL", "unexpected error; it has been logged"));
  });
  return app;
}

function send(c: Context, error: ApiError): Response {
  const body = error.body();
  let valid = false;
  try {
    valid = validatorFor("apiError")(body) === true;
  } catch {
    // The schemas could not be loaded (a packaging bug): still answer, in the minimal form.
  }
  // An error body that breaks its own schema would be a bug; fall back to the minimal form.
  return c.json(valid ? body : { error: error.status === 500 ? "INTERNAL" : error.code, message: error.message }, error.status, error.headers);
}

/** Query parameters as the schema sees them: single values as strings, array properties as arrays. */
function queryObject(c: Context, schema: Parameters<typeof validatorFor>[0]): Record<string, unknown> {
  const validate = validatorFor(schema);
  const props = ((validate.schema as { properties?: Record<string, { type?: string }> }).properties ?? {}) as Record<string, { type?: string }>;
  const out: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    out[name] = props[name]?.type === "array" ? values : values.length === 1 ? values[0] : values;
  }
  return out;
}
