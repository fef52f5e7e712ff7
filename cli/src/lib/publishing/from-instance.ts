import type { PublishMetadata } from "../../../../core/registry-changes/index.js";
import { publishFromInstance, splitList } from "../../../../core/registry-changes/index.js";
import type { CapturedImage, WorkstationFacts } from "../../../../core/registry-changes/scaffold.js";
import type { BuildChange } from "../../../../core/registry-changes/submit.js";
import type { RegistryChange } from "../../../../core/registry-changes/types.js";
import type { Args } from "../command.js";
import { CLI_EXIT, cliError } from "../errors.js";
import { dim } from "../output.js";
import { outputFor, readPublishingConfig } from "./options.js";
import { runChange } from "./run-change.js";

// `cws marketplace publish <instance>`: describe a running workstation (and optionally image it)
// and publish it as a template change.

const PLACEHOLDER_IMAGE = "ami-00000000000000000";

export async function publishInstance(argv: Args, ref: string, meta: PublishMetadata, actor: string, readme: string | undefined): Promise<number> {
  const config = readPublishingConfig();
  const region = (argv.region as string | undefined) ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? config.region ?? "us-east-1";
  const regions = splitList(argv.regions as string[] | undefined);
  const out = outputFor(argv);
  const say = (text: string) => {
    if (!out.json) process.stderr.write(`${text}\n`);
  };
  const { openEc2, captureName } = await import("../../../../core/registry-changes/ec2.js");
  const ec2 = await openEc2(region);
  let created: string | undefined;
  try {
    const facts: WorkstationFacts = await ec2.describeWorkstation(ref);
    say(
      dim(
        out,
        `${facts.instanceId}: ${facts.instanceType} ${facts.architecture} in ${facts.region}${facts.tags["cws:template"] ? `, launched from ${facts.tags["cws:template"]}` : ""}`,
      ),
    );
    const base = { actor, meta, ...(argv.id ? { id: String(argv.id) } : {}), ...(regions ? { regions } : {}), ...(readme ? { readme } : {}) };
    const wantsImage = argv.generateAmi === true || typeof argv.image === "string";
    const build: BuildChange = async (registry, context): Promise<RegistryChange> => {
      if (!wantsImage) return publishFromInstance(registry, facts, base);
      const placeholder: CapturedImage = { imageId: PLACEHOLDER_IMAGE, region: facts.region, ownerId: "000000000000", instanceId: facts.instanceId };
      const draft = publishFromInstance(registry, facts, { ...base, image: placeholder });
      if (typeof argv.image === "string") {
        const image = await ec2.waitForImage(argv.image, () => {});
        checkImage(image, facts);
        return publishFromInstance(registry, facts, { ...base, image: { ...image, instanceId: facts.instanceId } });
      }
      if (context.dryRun) {
        draft.warnings.push(`dry run: no image was created; ${PLACEHOLDER_IMAGE} stands for the image --generate-ami would record`);
        return draft;
      }
      // Validate before paying for an image: a template CI would reject gets none.
      const trial = await context.trial(draft);
      if (trial.errors > 0) return draft;
      say(`creating an image of ${facts.instanceId}${argv.reboot === false ? " without rebooting it" : " (it reboots for a consistent file system)"}`);
      created = await ec2.createImage({
        instanceId: facts.instanceId,
        name: captureName(draft.templateId, draft.version, facts.architecture, facts.instanceId, new Date()),
        description: `CloudWorkstation template ${draft.templateId} ${draft.version}, captured from ${facts.instanceId}`.slice(0, 255),
        reboot: argv.reboot !== false,
        tags: {
          Name: `${draft.templateId} ${draft.version} ${facts.architecture}`,
          "cws:role": "ami-source",
          "cws:template-id": draft.templateId,
          "cws:template-version": draft.version,
          "cws:architecture": facts.architecture,
          "cws:source-instance": facts.instanceId,
        },
      });
      const imageId = created;
      const image = await ec2.waitForImage(imageId, (state, elapsed) => say(dim(out, `  ${imageId}: ${state} (${clock(elapsed)})`)));
      checkImage(image, facts);
      say(`  ${imageId}: available`);
      return publishFromInstance(registry, facts, { ...base, image: { ...image, instanceId: facts.instanceId } });
    };
    return await runChange(argv, build, {
      afterError: () => (created ? [`the image ${created} was created; rerun with --image ${created} instead of --generate-ami to use it`] : []),
    });
  } finally {
    ec2.destroy();
  }
}

function checkImage(image: CapturedImage & { architecture?: string }, facts: WorkstationFacts): void {
  if (!/^\d{12}$/.test(image.ownerId)) {
    throw cliError("IMAGE_OWNER", `EC2 reported no owner account for ${image.imageId}`, "check the image in the EC2 console", CLI_EXIT.failed);
  }
  if (image.region !== facts.region) {
    throw cliError("IMAGE_REGION", `${image.imageId} is in ${image.region}, the instance in ${facts.region}`, "pass --region", CLI_EXIT.usage);
  }
  if (image.architecture && image.architecture !== facts.architecture) {
    throw cliError(
      "IMAGE_ARCHITECTURE",
      `${image.imageId} is ${image.architecture} but ${facts.instanceId} is ${facts.architecture}`,
      "record an image made from this instance",
      CLI_EXIT.usage,
    );
  }
}

function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}
