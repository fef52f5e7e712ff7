import * as publishing from "../../../core/registry-changes/index.js";
import type { BuildChange } from "../../../core/registry-changes/submit.js";
import type {
  RegistryChangeQuery,
  RegistryForkInput,
  RegistryPublishInput,
  RegistryUnpublishInput,
  RegistryUpdateInput,
} from "../../../core/types/generated.js";
import { type Handler, type RequestContext, reply, requireCaller } from "../context.js";

/**
 * POST/PUT/DELETE /templates and POST /templates/{id}/fork: the registry changes the CLI makes
 * (cws marketplace publish|update|unpublish|fork), with the same pure operations and the same
 * submit flow, the caller as the actor. Bodies were validated against their schemas already.
 */
async function submit(r: RequestContext, build: (actor: string) => BuildChange): Promise<Response> {
  const caller = requireCaller(r);
  const { status, body } = await r.registry.submit(
    {
      actor: caller.handle,
      dryRun: (r.query as RegistryChangeQuery).dry_run === "true",
      now: r.now,
      via: `${r.op.method.toUpperCase()} ${new URL(r.c.req.url).pathname}`,
    },
    build(caller.handle),
  );
  return reply(r, status, body);
}

export const createTemplate: Handler = (r) =>
  submit(r, (actor) => (registry) => {
    const input = r.body as RegistryPublishInput;
    return publishing.publishTemplate(registry, input.template, { actor, readme: input.readme, now: r.now });
  });

export const updateTemplate: Handler = (r) =>
  submit(r, (actor) => (registry) => {
    const input = r.body as RegistryUpdateInput;
    // The CLI's --set path=value and --unset path, parsed by the same code (a value is JSON, so it round-trips).
    const edits: publishing.FieldEdit[] = [
      ...(input.set ?? []).map((e) => publishing.parseSet(`${e.path}=${JSON.stringify(e.value)}`)),
      ...(input.unset ?? []).map((path) => publishing.parseUnset(path)),
    ];
    return publishing.updateTemplate(registry, r.params.id ?? "", {
      actor,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      edits,
      ...(input.readme !== undefined ? { readme: input.readme } : {}),
      ...(input.bump !== undefined ? { bump: input.bump } : {}),
      ...(input.version !== undefined ? { version: input.version } : {}),
      ...(input.notes?.length ? { notes: input.notes } : {}),
      now: r.now,
    });
  });

export const deleteTemplate: Handler = (r) =>
  submit(r, (actor) => (registry) => {
    const input = r.body as RegistryUnpublishInput;
    return publishing.unpublishTemplate(registry, r.params.id ?? "", {
      actor,
      reason: input.reason,
      ...(input.replacement !== undefined ? { replacement: input.replacement } : {}),
      archive: input.archive === true,
      now: r.now,
    });
  });

export const forkTemplate: Handler = (r) =>
  submit(r, (actor) => (registry) => {
    const input = r.body as RegistryForkInput;
    return publishing.forkTemplate(registry, r.params.id ?? "", {
      actor,
      newId: input.template_id,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      now: r.now,
    });
  });
