import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { HttpClient } from "isomorphic-git";
import { type Diagnostic, sortDiagnostics } from "../../core/diagnostics/diagnostic.js";
import { RULES } from "../../core/diagnostics/rules.js";
import { type CwsError, EXIT, isCwsError } from "../../core/errors.js";
import type { ReviewOpener } from "../../core/registry-changes/pull-requests.js";
import { type PublishingSettings, redact, resolveSettings, workspaceDirFor } from "../../core/registry-changes/settings.js";
import { type BuildChange, type SubmitOutcome, submitChange } from "../../core/registry-changes/submit.js";
import { API_BASE } from "../../core/spec/layout.js";
import type { RegistryChangeResult, RegistryDiagnostic } from "../../core/types/generated.js";
import { ApiError } from "./errors.js";

type Env = Readonly<Record<string, string | undefined>>;

/** The environment the API's registry changes read (docs/api.md); nothing else, so no ambient GITHUB_TOKEN or CWS_USER leaks in. */
export const REGISTRY_ENV = [
  "CWS_REGISTRY_REPO",
  "CWS_REGISTRY_BRANCH",
  "CWS_REGISTRY_TOKEN",
  "CWS_GITHUB_API_URL",
  "CWS_GITHUB_REPO",
  "CWS_REGISTRY_WORKSPACE_DIR",
] as const;

export interface RegistryChangesOptions {
  /** Where CWS_REGISTRY_* are read, at each request; default process.env. */
  env?: Env;
  /** Where failures worth an operator's attention are reported (redacted). */
  log?: (line: string) => void;
  /** isomorphic-git's HTTP client; default its Node client. */
  http?: HttpClient;
  /** Where pushed branches become pull requests; default GitHub (npm start passes its local list). */
  openReview?: ReviewOpener;
}

export interface ChangeRequest {
  /** The caller's handle: the change's actor, checked by CI's ownership rules. */
  actor: string;
  dryRun: boolean;
  now: Date;
  /** How it was submitted, for the pull request ("POST <API_BASE>/templates"). */
  via: string;
}

export interface ChangeAnswer {
  status: 200 | 202;
  body: RegistryChangeResult;
}

/** A first-come, first-served lock for async work: each run starts when the previous one has settled. */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release: () => void = () => {};
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

// One mutex per workspace folder, shared by every app in the process (npm start runs two handlers).
const mutexes = new Map<string, AsyncMutex>();

function mutexFor(dir: string): AsyncMutex {
  let mutex = mutexes.get(dir);
  if (!mutex) {
    mutex = new AsyncMutex();
    mutexes.set(dir, mutex);
  }
  return mutex;
}

/**
 * The API's side of the publishing workflow: the server's settings (CWS_REGISTRY_*), one change
 * at a time per workspace, and submitChange's outcome as HTTP answers. The change itself is built
 * by the caller with the same pure operations the CLI uses (core/registry-changes), and validated with
 * CI's rules (--base origin/<branch> --actor <caller>) before anything is pushed.
 */
export class RegistryChanges {
  constructor(private readonly options: RegistryChangesOptions = {}) {}

  private get env(): Env {
    return this.options.env ?? process.env;
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => console.error(l)))(line);
  }

  /** True when CWS_REGISTRY_REPO is set. */
  get configured(): boolean {
    return Boolean(this.env.CWS_REGISTRY_REPO?.trim());
  }

  /** The publishing settings for one caller; 501 when the server has no registry configured. */
  settingsFor(actor: string): PublishingSettings {
    const env = this.env;
    if (!this.configured) {
      throw new ApiError(
        501,
        "REGISTRY_NOT_CONFIGURED",
        "registry changes are not configured on this server: it has no registry repository to open pull requests against",
        {
          hint: "operators: set CWS_REGISTRY_REPO to the registry's https git URL and CWS_REGISTRY_TOKEN to a token that may push branches and open pull requests (docs/api.md, Registry changes); meanwhile, use `cws marketplace publish|update|unpublish|fork`",
        },
      );
    }
    const only: Record<string, string | undefined> = {};
    for (const key of REGISTRY_ENV) only[key] = env[key];
    let settings: PublishingSettings;
    try {
      settings = resolveSettings({ as: actor }, only, {});
    } catch (error) {
      if (!isCwsError(error)) throw error;
      if (error.code === "BAD_HANDLE") throw new ApiError(400, error.code, error.message, { hint: "callers need a registry handle" });
      this.log(`marketplace API: registry changes are misconfigured: ${error.code} ${redact(`${error.message} (${error.hint})`, [env.CWS_REGISTRY_TOKEN])}`);
      throw new ApiError(500, "REGISTRY_MISCONFIGURED", "registry changes are misconfigured on this server; the operators have been told", {
        hint: "retry later",
      });
    }
    const root = env.CWS_REGISTRY_WORKSPACE_DIR?.trim() || join(tmpdir(), "cws-marketplace-api");
    return { ...settings, workspaceDir: join(root, basename(workspaceDirFor(settings.registryRepo, { HOME: root }))) };
  }

  /**
   * Builds, validates and (unless a dry run) pushes one change and opens its pull request, with
   * the workspace to itself. Errors CI's rules find answer 403 (ownership) or 422 and push
   * nothing; publishing errors from the operation answer 400/404/409; the registry or GitHub
   * failing answers 502. The token never appears in an answer or a log line.
   */
  async submit(request: ChangeRequest, build: BuildChange): Promise<ChangeAnswer> {
    const settings = this.settingsFor(request.actor);
    const secrets = [settings.token];
    const guarded: BuildChange = async (registry, context) => {
      try {
        return await build(registry, context);
      } catch (error) {
        throw isCwsError(error) ? operationError(error, secrets) : error;
      }
    };
    let outcome: SubmitOutcome;
    try {
      outcome = await mutexFor(settings.workspaceDir).run(() =>
        submitChange(
          {
            settings,
            dryRun: request.dryRun,
            now: request.now,
            via: request.via,
            ...(this.options.http ? { http: this.options.http } : {}),
            ...(this.options.openReview ? { openReview: this.options.openReview } : {}),
          },
          guarded,
        ),
      );
    } catch (error) {
      throw this.failure(error, secrets);
    }
    return answer(outcome, secrets);
  }

  private failure(error: unknown, secrets: readonly (string | undefined)[]): Error {
    if (error instanceof ApiError) return error;
    if (isCwsError(error)) {
      const message = redact(error.message, secrets);
      if (error.code === "WORKSPACE_BUSY")
        return new ApiError(
          503,
          "BUSY",
          "another registry change is using the workspace; retry shortly",
          { hint: "retry with backoff" },
          { "retry-after": "5" },
        );
      this.log(`marketplace API: registry change failed: ${error.code} ${message} (${redact(error.hint, secrets)})`);
      return new ApiError(502, error.code === "AUTH_REQUIRED" ? "REGISTRY_AUTH_REQUIRED" : error.code, message, {
        hint: "nothing was published; retry later, and if it persists tell the marketplace's operators (the server log has the details)",
      });
    }
    // Unexpected: the app logs it with its stack, so take the token out of both.
    const original = error instanceof Error ? error : new Error(String(error));
    const safe = new Error(redact(original.message, secrets));
    safe.stack = redact(original.stack ?? original.message, secrets);
    return safe;
  }
}

/** API wording for publishing errors whose CLI hints name command-line flags. */
const API_HINTS: Record<string, string> = {
  NOTHING_TO_CHANGE: "send name, description, set, unset or readme; or, for a release without edits, notes saying why",
  MANAGED_FIELD: "template_id, version, changelog, forked_from and $schema are managed: use bump or version, and notes",
  BAD_SET: "paths are dotted field names with [n] for list items ([] appends), or JSON pointers; remove fields with unset",
  BAD_VERSION: "send a semantic version higher than the current one as version, or use bump",
  TEMPLATE_EXISTS: `choose another id, or change the template with PUT ${API_BASE}/templates/{id} if you own it`,
  ALREADY_ARCHIVED: 'send "archive": true to change the reason or replacement, or reactivate it with PUT and set publication.maintenance_status to active',
};

/** A publishing error from the operation itself (the request does not fit the registry): 400, 404 or 409. */
function operationError(error: CwsError, secrets: readonly (string | undefined)[]): ApiError {
  const status = error.code === "TEMPLATE_NOT_FOUND" ? 404 : error.exitCode === EXIT.refused || error.exitCode === EXIT.failed ? 409 : 400;
  return new ApiError(status, error.code, redact(error.message, secrets), { hint: redact(API_HINTS[error.code] ?? error.hint, secrets) });
}

export function toApiDiagnostic(d: Diagnostic): RegistryDiagnostic {
  const rule = (RULES as Record<string, { name: string } | undefined>)[d.code]?.name;
  return {
    code: d.code,
    ...(rule ? { rule } : {}),
    severity: d.severity,
    file: d.file,
    line: d.line,
    column: d.column,
    pointer: d.pointer,
    message: d.message,
    hint: d.hint,
  };
}

const OWNERSHIP: Record<string, string> = { CWS404: "NOT_AN_OWNER", CWS405: "NEW_TEMPLATE_OWNER" };

function answer(outcome: SubmitOutcome, secrets: readonly (string | undefined)[]): ChangeAnswer {
  const diagnostics = sortDiagnostics(outcome.report.diagnostics).map(toApiDiagnostic);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (outcome.errors > 0 && errors.length > 0) {
    const owner = errors.find((d) => OWNERSHIP[d.code]);
    if (owner) {
      throw new ApiError(403, OWNERSHIP[owner.code] ?? "NOT_AN_OWNER", `${owner.code}/${owner.rule ?? "ownership"}: ${owner.message}`, {
        hint: owner.hint,
        diagnostics,
      });
    }
    const first = errors[0] as RegistryDiagnostic;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    throw new ApiError(
      422,
      "REGISTRY_VALIDATION_FAILED",
      `CI would reject this change, so nothing was pushed: ${first.file}:${first.line}:${first.column} ${first.code}/${first.rule ?? "rule"}${first.pointer ? ` ${first.pointer}` : ""}: ${first.message}${more}`,
      {
        hint: "diagnostics[] lists every problem with its rule (docs/rules.md), file, line, column and JSON pointer; fix the request and send it again",
        diagnostics,
      },
    );
  }
  const { change, review } = outcome;
  const warnings = diagnostics.filter((d) => d.severity === "warning");
  const body: RegistryChangeResult = {
    dry_run: outcome.dryRun,
    change: {
      verb: change.verb,
      template_id: change.templateId,
      version: change.version,
      ...(change.previousVersion ? { previous_version: change.previousVersion } : {}),
      title: change.title,
    },
    branch: outcome.branch,
    base: { ref: outcome.base.ref, commit: outcome.base.oid },
    files: outcome.paths,
    ...(outcome.commit ? { commit: outcome.commit } : {}),
    ...(review?.kind === "pull-request" ? { pull_request_url: review.pullRequest.url, pull_request_number: review.pullRequest.number } : {}),
    ...(review?.kind === "compare" ? { compare_url: review.url, compare_reason: review.reason } : {}),
    ...(outcome.dryRun ? { diff: outcome.diff } : {}),
    warnings: change.warnings,
    validation: { templates: outcome.report.templates, errors: 0, warnings: warnings.length, diagnostics: warnings },
  };
  return { status: outcome.dryRun ? 200 : 202, body: scrub(body, secrets) };
}

/** Defence in depth: no answer carries the service token, whatever a template or a server said. */
function scrub<T>(body: T, secrets: readonly (string | undefined)[]): T {
  const text = JSON.stringify(body);
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join("***");
  return out === text ? body : (JSON.parse(out) as T);
}
