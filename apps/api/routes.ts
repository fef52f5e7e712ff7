import type { SchemaName } from "../../core/schema/schemas.js";
import { API_BASE } from "../../core/spec/layout.js";

export type OperationId =
  | "listTemplates"
  | "getTemplate"
  | "createTemplate"
  | "updateTemplate"
  | "deleteTemplate"
  | "forkTemplate"
  | "listReviews"
  | "createReview"
  | "getReview"
  | "updateReview"
  | "voteReview"
  | "unvoteReview"
  | "replyToReview"
  | "deleteReply"
  | "recordUsage"
  | "getAnalytics"
  | "reportContent"
  | "listPullRequests"
  | "openPullRequest"
  | "getPullRequest"
  | "getOpenApi";

export interface ResponseSpec {
  description: string;
  /** Schema of the JSON body; errors always use apiError. */
  schema?: SchemaName;
}

export interface Operation {
  id: OperationId;
  method: "get" | "post" | "put" | "delete";
  /** OpenAPI path template relative to API_BASE. */
  path: string;
  summary: string;
  description: string;
  tag: "templates" | "reviews" | "usage" | "moderation" | "meta";
  /** Needs an authenticated caller (anonymous gets 401). */
  auth: boolean;
  query?: SchemaName;
  body?: SchemaName;
  responses: Record<number, ResponseSpec>;
}

const err = (description: string): ResponseSpec => ({ description, schema: "apiError" });
const E400 = err(
  "Invalid request: VALIDATION_FAILED (with field errors as JSON pointers; keyword text for characters no text may carry), INVALID_JSON (also a body that is not UTF-8), INVALID_IDENTITY or DEV_IDENTITY_REFUSED.",
);
const E401 = err("No authenticated caller (AUTH_REQUIRED).");
const E404 = err("No such template or review (TEMPLATE_NOT_FOUND, REVIEW_NOT_FOUND).");
const E501 = err("Registry changes are not configured on this server: no CWS_REGISTRY_REPO (REGISTRY_NOT_CONFIGURED).");

const E404_REGISTRY = err("No such template in the registry (TEMPLATE_NOT_FOUND, with the closest id as a hint).");
const NO_RESPONSES: Record<number, ResponseSpec> = {};

const registryChange = (
  id: OperationId,
  method: Operation["method"],
  path: string,
  summary: string,
  body: SchemaName,
  what: string,
  found: boolean,
): Operation => ({
  id,
  method,
  path,
  summary,
  description: `${what} Templates live in the git registry, so the change is a pull request under registry/templates/, made exactly as the CLI makes it (docs/publishing.md): the server syncs its clone of the registry, builds the change with the same operation, writes it on a new branch cws/<verb>/<id>-<hex>, validates it with CI's rules (--base origin/<branch> --actor <caller>), then commits as the caller, pushes with its service token and opens the pull request. Errors push nothing. With dry_run=true the change is validated and its diff answered, and nothing is committed or pushed. Changes are made one at a time.`,
  tag: "templates",
  auth: true,
  query: "registryChangeQuery",
  body,
  responses: {
    200: { description: "Dry run: the change that would be made, with its diff; nothing was pushed.", schema: "registryChangeResult" },
    202: {
      description: "The branch is pushed and the pull request opened (pull_request_url), or, when it could not be opened, compare_url says where to open it.",
      schema: "registryChangeResult",
    },
    400: err(
      "Invalid request (VALIDATION_FAILED with field errors, INVALID_JSON), or one the operation refuses (NOTHING_TO_CHANGE, BAD_SET, MANAGED_FIELD, BAD_VERSION, BAD_ID, BAD_REPLACEMENT, REASON_REQUIRED…).",
    ),
    401: E401,
    403: err(
      "CI's ownership rules refuse the change: the caller is not an owner of the template (NOT_AN_OWNER, rule CWS404; NEW_TEMPLATE_OWNER, rule CWS405), with the rule's hint and diagnostics.",
    ),
    ...(found ? { 404: E404_REGISTRY } : NO_RESPONSES),
    409: err(
      "The registry's state refuses it: the id is taken (TEMPLATE_EXISTS), the template is already unpublished (ALREADY_UNPUBLISHED, ALREADY_ARCHIVED).",
    ),
    422: err(
      "CI's validation rules reject the change (REGISTRY_VALIDATION_FAILED); diagnostics[] has each problem's rule code, file, line, column, JSON pointer, message and hint. Nothing was pushed.",
    ),
    501: E501,
    502: err(
      "The registry or GitHub failed or refused the push (PUSH_REJECTED, PUSH_FORBIDDEN, AUTH_FAILED, REGISTRY_AUTH_REQUIRED, GIT_FAILED…); nothing was published.",
    ),
    503: err("Another registry change holds the workspace (BUSY); retry."),
  },
});

const E413 = err(`The body is larger than 64 KiB (BODY_TOO_LARGE); it is cut off as it streams and the connection closed.`);
const E415 = err("The body is not JSON (UNSUPPORTED_MEDIA_TYPE).");

/** Every operation that reads a body can refuse its size and its media type. */
const withBodyErrors = (op: Operation): Operation => (op.body ? { ...op, responses: { 413: E413, 415: E415, ...op.responses } } : op);

const LOCAL_ONLY =
  "Local registry only (npm start): production opens pull requests on GitHub, where its validate and publish workflows run, and answers 501 here.";
const E501_LOCAL = err("This server has no local registry: pull requests are on GitHub (LOCAL_PULL_REQUESTS_ONLY).");
const E404_PR = err("No such pull request (PULL_REQUEST_NOT_FOUND).");

/** The local registry's pull requests: what the CLI opens after its push, and what local CI reports on. */
const PULL_REQUEST_OPERATIONS: Operation[] = [
  {
    id: "listPullRequests",
    method: "get",
    path: "/pull-requests",
    summary: "The local registry's pull requests, newest first",
    description: LOCAL_ONLY,
    tag: "templates",
    auth: false,
    responses: { 200: { description: "Every pull request.", schema: "localPullRequestList" }, 501: E501_LOCAL },
  },
  {
    id: "openPullRequest",
    method: "post",
    path: "/pull-requests",
    summary: "Open a pull request for a branch pushed to the local registry",
    description: `${LOCAL_ONLY} The caller is the author, whom local CI's ownership rules check. Local CI then merges the branch into main, validates the merge as the PR workflow does (validate --base HEAD~1 --actor <author>), and either refuses it (state failed, with diagnostics; nothing changes) or pushes the merge, rebuilds and republishes to the local bucket (state published).`,
    tag: "templates",
    auth: true,
    body: "localPullRequestInput",
    responses: { 201: { description: "Opened; local CI has queued it.", schema: "localPullRequest" }, 400: E400, 401: E401, 501: E501_LOCAL },
  },
  {
    id: "getPullRequest",
    method: "get",
    path: "/pull-requests/{number}",
    summary: "One local pull request: its state and local CI's diagnostics",
    description: `${LOCAL_ONLY} A failed pull request lists every diagnostic (file, line, column, rule code, hint) and changed nothing.`,
    tag: "templates",
    auth: false,
    responses: { 200: { description: "The pull request.", schema: "localPullRequest" }, 404: E404_PR, 501: E501_LOCAL },
  },
];

/** The API surface: the app registers exactly these, and the OpenAPI document is generated from them. */
export const OPERATIONS: readonly Operation[] = (
  [
    {
      id: "listTemplates",
      method: "get",
      path: "/templates",
      summary: "Search, filter, sort and page templates",
      description:
        "Reads the catalog publish wrote to DynamoDB, with stats as of the last npm run sync-stats. Archived templates are left out unless status=archived. The signed catalog in the CDN tree (docs/client-spec.md) is what clients launch from; this list is live and unsigned.",
      tag: "templates",
      auth: false,
      query: "apiTemplateQuery",
      responses: { 200: { description: "A page of templates.", schema: "apiCommunityTemplateList" }, 400: E400 },
    },
    {
      id: "getTemplate",
      method: "get",
      path: "/templates/{id}",
      summary: "One template's catalog fields and community stats",
      description: "The live view. The full published record, which launches use, is the signed templates/<id>/metadata.json (docs/client-spec.md).",
      tag: "templates",
      auth: false,
      responses: { 200: { description: "The template.", schema: "apiCommunityTemplate" }, 400: E400, 404: E404 },
    },
    registryChange(
      "createTemplate",
      "post",
      "/templates",
      "Publish a new template, as a pull request to the registry",
      "registryPublishInput",
      "Adds templates/<template_id>/template.json and README.md (cws marketplace publish). The caller is added to owners (rule CWS405) and becomes the author when the template names none.",
      false,
    ),
    registryChange(
      "updateTemplate",
      "put",
      "/templates/{id}",
      "Change a template you own, as a pull request",
      "registryUpdateInput",
      "Edits fields, raises the version and adds a changelog entry (cws marketplace update). Only the template's owners may change it (rule CWS404).",
      true,
    ),
    registryChange(
      "deleteTemplate",
      "delete",
      "/templates/{id}",
      "Deprecate or archive a template you own, as a pull request",
      "registryUnpublishInput",
      "Templates are never deleted: this deprecates (or archives) it with a reason and an optional replacement, raises the patch version and drops it from featured.json (cws marketplace unpublish). Only owners may (rule CWS404).",
      true,
    ),
    registryChange(
      "forkTemplate",
      "post",
      "/templates/{id}/fork",
      "Fork a template to a new id you own, as a pull request",
      "registryForkInput",
      "Copies the template to template_id with the caller as author and only owner, forked_from the parent's id and version, version 1.0.0 (cws marketplace fork).",
      true,
    ),
    {
      id: "listReviews",
      method: "get",
      path: "/templates/{id}/reviews",
      summary: "A page of a template's visible reviews, with its rating",
      description:
        "rating and rating_bayesian are computed from every visible review with the build's formula (docs/api.md), so they are current even before sync-stats runs.",
      tag: "reviews",
      auth: false,
      query: "apiReviewQuery",
      responses: { 200: { description: "Reviews and rating.", schema: "apiReviewList" }, 400: E400, 404: E404 },
    },
    {
      id: "createReview",
      method: "post",
      path: "/templates/{id}/reviews",
      summary: "Review a template (one review per user per template)",
      description:
        "verified_usage is set by the server: true when the caller has a launch_succeeded of the template recorded at least an hour earlier, from a launch whose launch event was recorded first; in Lambda mode only events from the same IAM principal count (docs/api.md). Titles and text need a visible character; no text may carry NUL, control characters, lone surrogates or noncharacters. A second review by the same caller is refused with 409 REVIEW_EXISTS; edit the first one instead. Publishers cannot review their own templates.",
      tag: "reviews",
      auth: true,
      body: "reviewInput",
      responses: {
        201: { description: "The review as stored.", schema: "apiReview" },
        400: E400,
        401: E401,
        403: err("The caller publishes this template (OWN_TEMPLATE)."),
        404: E404,
        409: err("The caller already reviewed this template (REVIEW_EXISTS)."),
      },
    },
    {
      id: "getReview",
      method: "get",
      path: "/templates/{id}/reviews/{reviewer}",
      summary: "One review, with its version for editing",
      description: "Hidden reviews are visible only to their author.",
      tag: "reviews",
      auth: false,
      responses: { 200: { description: "The review.", schema: "apiReview" }, 400: E400, 404: E404 },
    },
    {
      id: "updateReview",
      method: "put",
      path: "/templates/{id}/reviews/{reviewer}",
      summary: "Edit your review (optimistic version check)",
      description:
        "Only the author may edit. The body carries the version the author last read; if the review changed since, the edit is refused with 409 VERSION_CONFLICT and current_version.",
      tag: "reviews",
      auth: true,
      body: "reviewUpdate",
      responses: {
        200: { description: "The edited review.", schema: "apiReview" },
        400: E400,
        401: E401,
        403: err("The caller is not the review's author (NOT_AUTHOR)."),
        404: E404,
        409: err("Stale version (VERSION_CONFLICT, with current_version)."),
      },
    },
    {
      id: "voteReview",
      method: "post",
      path: "/templates/{id}/reviews/{reviewer}/votes",
      summary: "Mark a review helpful (one vote per voter)",
      description: "The vote and the count change in one conditional write, so a voter counts once however often they retry.",
      tag: "reviews",
      auth: true,
      responses: {
        201: { description: "The vote counted.", schema: "apiVote" },
        401: E401,
        403: err("Authors cannot vote on their own review (OWN_REVIEW)."),
        404: E404,
        409: err("Already voted (ALREADY_VOTED), or the review has the most votes one review keeps (VOTE_LIMIT)."),
      },
    },
    {
      id: "unvoteReview",
      method: "delete",
      path: "/templates/{id}/reviews/{reviewer}/votes",
      summary: "Take your helpful vote back",
      description: "Refused with 404 NOT_VOTED when the caller had not voted.",
      tag: "reviews",
      auth: true,
      responses: { 200: { description: "The vote removed.", schema: "apiVote" }, 401: E401, 404: E404 },
    },
    {
      id: "replyToReview",
      method: "put",
      path: "/templates/{id}/reviews/{reviewer}/reply",
      summary: "Reply to a review as the template's publisher",
      description: "Only the template's author or one of its owners may reply; a second reply replaces the first.",
      tag: "reviews",
      auth: true,
      body: "reviewReplyInput",
      responses: {
        200: { description: "The review with the reply.", schema: "apiReview" },
        400: E400,
        401: E401,
        403: err("The caller does not publish this template (NOT_PUBLISHER)."),
        404: E404,
      },
    },
    {
      id: "deleteReply",
      method: "delete",
      path: "/templates/{id}/reviews/{reviewer}/reply",
      summary: "Remove the publisher's reply",
      description: "Only the template's author or one of its owners may remove it.",
      tag: "reviews",
      auth: true,
      responses: {
        200: { description: "The review without a reply.", schema: "apiReview" },
        401: E401,
        403: err("The caller does not publish this template (NOT_PUBLISHER)."),
        404: E404,
      },
    },
    {
      id: "recordUsage",
      method: "post",
      path: "/templates/{id}/usage",
      summary: "Record a usage event (idempotent on event_id)",
      description:
        "The body follows usage-event.schema.json; event_id is the idempotency key, compared in its canonical form (lower case, no urn:uuid: prefix); an Idempotency-Key header, if sent, must equal it. The first request answers 201 recorded, every retry 200 duplicate and counts nothing. Per user, template and UTC day at most 5 downloads, 10 launches, 10 launch_succeeded, 10 launch_failed and 3 forks count towards the stats; later ones are stored with counted: false. Events must be reported within 2 days of occurred_at.",
      tag: "usage",
      auth: true,
      body: "usageEvent",
      responses: {
        200: { description: "Already recorded; not counted again.", schema: "usageReceipt" },
        201: { description: "Recorded.", schema: "usageReceipt" },
        400: E400,
        401: E401,
        404: E404,
        409: err("The event_id was already used for a different event (EVENT_ID_REUSED)."),
      },
    },
    {
      id: "getAnalytics",
      method: "get",
      path: "/templates/{id}/analytics",
      summary: "Usage in daily buckets over 7, 30 and 90 days",
      description:
        "One query of daily rollups (usage-daily): the API adds each counted event to its day as it is recorded, and sync-stats recounts a day from the event log once it is final, so new events show at once and the answer costs the same however many events there are. trending_score is distinct users per day, summed over the window.",
      tag: "usage",
      auth: false,
      responses: { 200: { description: "Usage analytics.", schema: "apiAnalytics" }, 400: E400, 404: E404 },
    },
    {
      id: "reportContent",
      method: "post",
      path: "/templates/{id}/reports",
      summary: "Report a template, or one of its reviews, to the moderators",
      description: "Reports go to the moderation queue (npm run moderate). One open report per reporter per target.",
      tag: "moderation",
      auth: true,
      body: "reportInput",
      responses: {
        201: { description: "The report as filed.", schema: "report" },
        400: E400,
        401: E401,
        404: E404,
        409: err("The caller already has an open report on this target (REPORT_EXISTS)."),
      },
    },
    ...PULL_REQUEST_OPERATIONS,
    {
      id: "getOpenApi",
      method: "get",
      path: "/openapi.json",
      summary: "This API's OpenAPI 3.1 document",
      description: "Generated from the route table and the JSON Schemas in schemas/.",
      tag: "meta",
      auth: false,
      responses: { 200: { description: "The OpenAPI document." } },
    },
  ] satisfies Operation[]
).map(withBodyErrors);

/** Hono's form of an OpenAPI path template. */
export function honoPath(path: string): string {
  return API_BASE + path.replace(/\{([a-z_]+)\}/g, ":$1");
}
