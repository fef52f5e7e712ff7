/**
 * Fields of a CloudWorkstation template that have no place in a marketplace entry. Each one
 * gets a CWS504 warning saying where its information lives instead, so nothing disappears
 * silently; unknown keys are warned about too, since they are usually typos.
 */
import { closest } from "../util/edit-distance.js";
import type { Source } from "./source.js";

/** Top-level fields the importer maps (into template.json or README.md). */
export const MAPPED_FIELDS = [
  "name",
  "slug",
  "description",
  "long_description",
  "base",
  "inherits",
  "version",
  "maintainer",
  "category",
  "domain",
  "tags",
  "connection_type",
  "package_manager",
  "packages",
  "users",
  "services",
  "instance_defaults",
  "idle_detection",
  "user_data",
  "post_install",
  "parameters",
  "variables",
  "ami_config",
  "prerequisites",
  "learning_resources",
] as const;

const NOT_CARRIED: Record<string, string> = {
  icon: "the catalog shows the category's icon; add screenshots/ to the template folder to illustrate it",
  color: "the catalog colours templates by category",
  complexity: "say who the template is for in README.md",
  popular: "popularity is computed by the marketplace from downloads and reviews",
  featured: "featured templates are chosen by the editors in registry/featured.json",
  validation_status: "the registry's CI validates every template; add validation_tests to template.json to check the installed software",
  estimated_launch_time: "launch time depends on whether CI has built an AMI for the template",
  last_updated: "the registry records when each version is published",
  files: "the marketplace does not ship files; create them from post_install",
  research_user: "research users and shared storage are configured by CloudWorkstation at launch, not by the template",
};

const AMI_HINT =
  "AMIs are built and published by the registry's CI pipeline from the environment; AMI ids and search rules from another account are not reused";

export function reportUnmappedFields(src: Source): void {
  for (const key of src.keys([])) {
    if ((MAPPED_FIELDS as readonly string[]).includes(key)) continue;
    const hint = NOT_CARRIED[key];
    if (hint) {
      src.dropped([key], `${key} is not carried over`, hint);
    } else {
      const guess = closest(key, [...MAPPED_FIELDS, ...Object.keys(NOT_CARRIED)]);
      src.dropped(
        [key],
        `unknown field "${key}" is ignored`,
        `CloudWorkstation ignores it too; check the spelling${guess ? ` (did you mean "${guess}"?)` : ""}`,
      );
    }
  }
  if (!src.record(["ami_config"])) return;
  if (src.keys(["ami_config", "amis"]).length > 0) {
    src.dropped(["ami_config", "amis"], "AMI ids are not carried over (their regions and architectures are)", AMI_HINT);
  }
  if (src.has(["ami_config", "ssh_user"])) {
    src.dropped(["ami_config", "ssh_user"], "ami_config.ssh_user is not carried over", "the login user comes from the base image and environment.users");
  }
  // instance_types and user_data_script are mapped into the environment.
  src.dropOthers(["ami_config"], ["amis", "instance_types", "user_data_script", "ssh_user"], AMI_HINT);
}
