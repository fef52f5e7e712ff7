/* Generated from schemas/*.schema.json by `npm run gen:types`. Do not edit: change the schema and regenerate. */

/**
 * A GitHub-style handle: lowercase letters, digits and single hyphens, at most 39 characters.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "handle".
 */
export type Handle = string;
/**
 * A semantic version, such as 1.4.0 or 2.0.0-rc.1.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "semver".
 */
export type Semver = string;
/**
 * A CPU architecture: x86_64 (Intel/AMD) or arm64 (Graviton).
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "architecture".
 */
export type Architecture = "x86_64" | "arm64";
/**
 * An AWS region code, such as "eu-west-1".
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "region".
 */
export type Region = string;
/**
 * How the template is published, licensed and maintained.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "publication".
 */
export type Publication = {
  /**
   * Who can discover and launch the template: everyone, only its owners, or members of one AWS organization.
   */
  visibility: "public" | "private" | "organization";
  /**
   * AWS Organizations id (o-...) whose members may use the template; required when visibility is organization.
   */
  organization_id?: string;
  /**
   * SPDX license identifier or expression (such as "MIT" or "Apache-2.0 OR MIT"), or "Custom" with license_url.
   */
  license: string;
  license_url?: HttpsUrl;
  documentation_url?: HttpsUrl;
  /**
   * DOI of the paper this environment reproduces, such as 10.1038/s41586-024-07487-w.
   */
  paper_doi?: string;
  /**
   * Grant or funder acknowledgement, such as "NIH Grant R01-HG012345".
   */
  funding_source?: string;
  /**
   * Lifecycle state: active templates are listed normally; deprecated ones warn and point to a replacement; archived ones are hidden from search but still launchable by id.
   */
  maintenance_status: "active" | "deprecated" | "archived";
  /**
   * Why and since when a template is deprecated or archived, and what replaces it.
   */
  maintenance?: {
    /**
     * Why users should move away, in one sentence.
     */
    reason?: string;
    /**
     * Date the status took effect (YYYY-MM-DD).
     */
    date?: string;
    /**
     * Id of the template that replaces this one.
     */
    replacement?: string;
  };
};
/**
 * An absolute https URL.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "httpsUrl".
 */
export type HttpsUrl = string;
/**
 * Package specifications.
 *
 * @maxItems 1000
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "packageList".
 *
 * Items: A package name, optionally with a version constraint.
 */
export type PackageList = string[];
/**
 * A TCP port.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "port".
 */
export type Port = number;
/**
 * TCP ports.
 *
 * @maxItems 100
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "portList".
 *
 * Items: A TCP port.
 */
export type PortList = number[];
/**
 * An EC2 instance type, family.size, such as m7g.large.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "instanceType".
 */
export type InstanceType = string;
/**
 * A CloudWorkstation marketplace template as authored in registry/templates/<id>/template.json: marketplace metadata plus the launchable environment. Fields computed at build time (rating, downloads, ...) are not authored here; see published-template.schema.json.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "Template".
 */
export type Template = AuthoredTemplate;
/**
 * A template as published on the CDN (templates/<id>/metadata.json): the authored fields plus fields computed at build time.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "PublishedTemplate".
 */
export type PublishedTemplate = AuthoredTemplate & PublishedTemplate1;

/**
 * Every authored field; closed by the schema that references it.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "authored".
 */
export interface AuthoredTemplate {
  /**
   * URL of this schema, so editors can offer completion and validation.
   */
  $schema?: string;
  /**
   * Permanent identifier: lowercase letters, digits and single hyphens, 3-64 characters. Must equal the folder name and can never change.
   */
  template_id: string;
  /**
   * Display name shown in the catalog.
   */
  name: string;
  /**
   * One or two sentences saying what the environment is for; the full documentation lives in README.md.
   */
  description: string;
  author: Handle;
  /**
   * Handles allowed to change this template; a change by anyone else needs an owner's approval.
   *
   * @minItems 1
   * @maxItems 20
   */
  owners:
    | [Handle]
    | [Handle, Handle]
    | [Handle, Handle, Handle]
    | [Handle, Handle, Handle, Handle]
    | [Handle, Handle, Handle, Handle, Handle]
    | [Handle, Handle, Handle, Handle, Handle, Handle]
    | [Handle, Handle, Handle, Handle, Handle, Handle, Handle]
    | [Handle, Handle, Handle, Handle, Handle, Handle, Handle, Handle]
    | [Handle, Handle, Handle, Handle, Handle, Handle, Handle, Handle, Handle]
    | [Handle, Handle, Handle, Handle, Handle, Handle, Handle, Handle, Handle, Handle]
    | [Handle, Handle, Handle, Handle, Handle, Handle, Handle, Handle, Handle, Handle, Handle]
    | [
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle
      ]
    | [
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle
      ]
    | [
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle
      ]
    | [
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle
      ]
    | [
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle
      ]
    | [
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle
      ]
    | [
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle
      ]
    | [
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle
      ]
    | [
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle,
        Handle
      ];
  version: Semver;
  /**
   * Category id from registry/categories.json.
   */
  category: string;
  /**
   * Search keywords in lowercase kebab-case, such as "single-cell" or "pytorch".
   *
   * @minItems 1
   * @maxItems 20
   *
   * Items: A lowercase kebab-case keyword.
   */
  tags:
    | [string]
    | [string, string]
    | [string, string, string]
    | [string, string, string, string]
    | [string, string, string, string, string]
    | [string, string, string, string, string, string]
    | [string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string, string]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ]
    | [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string
      ];
  /**
   * Research fields the environment serves, in lowercase kebab-case, such as "genomics".
   *
   * @maxItems 10
   *
   * Items: A research field in lowercase kebab-case.
   */
  research_domains?:
    | []
    | [string]
    | [string, string]
    | [string, string, string]
    | [string, string, string, string]
    | [string, string, string, string, string]
    | [string, string, string, string, string, string]
    | [string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string];
  /**
   * CPU architectures the environment supports.
   *
   * @minItems 1
   */
  architecture: [Architecture, ...Architecture[]];
  /**
   * AWS region codes where the template may be launched, such as "us-east-1".
   *
   * @minItems 1
   * @maxItems 40
   */
  regions: [Region, ...Region[]];
  publication: Publication;
  /**
   * The template this one was forked from.
   */
  forked_from?: {
    /**
     * Id of the parent template.
     */
    template_id: string;
    version: Semver;
  };
  /**
   * Release notes, newest first.
   *
   * @maxItems 200
   */
  changelog?: ChangelogEntry[];
  /**
   * Commands run on a freshly built instance; the AMI is published only when every test passes.
   *
   * @maxItems 50
   */
  validation_tests?: ValidationTest[];
  ami?: Ami;
  environment: Environment;
}
/**
 * The changes in one released version.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "changelogEntry".
 */
export interface ChangelogEntry {
  version: Semver;
  /**
   * Release date (YYYY-MM-DD).
   */
  date: string;
  /**
   * What changed, one entry per change.
   *
   * @minItems 1
   * @maxItems 100
   *
   * Items: One change and its kind.
   */
  changes: [
    {
      /**
       * Kind of change, as in Keep a Changelog.
       */
      kind: "added" | "changed" | "deprecated" | "removed" | "fixed" | "security";
      /**
       * What changed, for users.
       */
      description: string;
    },
    ...{
      /**
       * Kind of change, as in Keep a Changelog.
       */
      kind: "added" | "changed" | "deprecated" | "removed" | "fixed" | "security";
      /**
       * What changed, for users.
       */
      description: string;
    }[]
  ];
}
/**
 * A command run as the research user on a built instance, and what it must produce.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "validationTest".
 */
export interface ValidationTest {
  /**
   * Short name shown in build logs.
   */
  name: string;
  /**
   * Shell command to run.
   */
  command: string;
  /**
   * Exit code the command must return (default 0).
   */
  expect_exit_code?: number;
  /**
   * Text that must appear in standard output.
   */
  expect_output?: string;
  /**
   * How long the command may run (default 300).
   */
  timeout_seconds?: number;
}
/**
 * Whether and how CI builds a pre-installed AMI so launches take about a minute.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "ami".
 */
export interface Ami {
  /**
   * Build an AMI on merge.
   */
  build: boolean;
  /**
   * AWS public SSM parameter path that resolves the base image, such as /aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id. Defaults to the parameter for environment.base.
   */
  base_image?: string;
  /**
   * Regions to replicate the AMI to; each must be in the template's regions. Defaults to all of them.
   *
   * @minItems 1
   */
  regions?: [Region, ...Region[]];
  /**
   * Who may launch the AMI. Defaults to what publication.visibility implies.
   */
  sharing?: {
    /**
     * Make the AMI public.
     */
    public?: boolean;
    /**
     * AWS Organizations ARNs to share with.
     *
     * Items: An organization ARN.
     */
    organization_arns?: string[];
    /**
     * AWS account ids to share with.
     *
     * Items: A 12-digit AWS account id.
     */
    account_ids?: string[];
  };
}
/**
 * The launchable CloudWorkstation template definition, in CloudWorkstation's own field names.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "environment".
 */
export interface Environment {
  /**
   * Base operating system, or ami-based for templates that start from a prebuilt image.
   */
  base:
    | "ubuntu"
    | "ubuntu-20.04"
    | "ubuntu-22.04"
    | "ubuntu-24.04"
    | "rocky"
    | "amazonlinux"
    | "alpine"
    | "rhel"
    | "debian"
    | "ami-based";
  /**
   * How packages are installed: apt/dnf for system packages, conda/spack/pip for scientific stacks, ami when everything is in the image.
   */
  package_manager: "apt" | "dnf" | "conda" | "spack" | "pip" | "ami";
  /**
   * Packages to install, by package manager. apt and dnf templates list no conda or spack packages; ami templates list none.
   */
  packages?: {
    system?: PackageList;
    conda?: PackageList;
    pip?: PackageList;
    spack?: PackageList;
  };
  /**
   * Accounts created on the instance.
   *
   * @maxItems 50
   *
   * Items: A user account.
   */
  users?: {
    /**
     * Login name.
     */
    name: string;
    /**
     * Supplementary groups, such as sudo or docker.
     *
     * Items: A group name.
     */
    groups?: string[];
    /**
     * Login shell, such as /bin/bash.
     */
    shell?: string;
  }[];
  /**
   * Services configured and started at boot.
   *
   * @maxItems 50
   *
   * Items: A service.
   */
  services?: {
    /**
     * Service (systemd unit) name.
     */
    name: string;
    port?: Port;
    /**
     * Start the service at boot.
     */
    enable?: boolean;
    /**
     * Configuration lines written for the service.
     *
     * @maxItems 200
     *
     * Items: One configuration line.
     */
    config?: string[];
  }[];
  ports?: PortList;
  /**
   * How researchers connect: ssh, a desktop (DCV/NICE) or a web UI.
   */
  connection_type?: "ssh" | "desktop" | "web";
  /**
   * Instance settings used when the launcher gives none.
   */
  instance_defaults: {
    type?: InstanceType;
    /**
     * Default instance type per architecture; overrides type for that architecture.
     */
    instance_types?: {
      x86_64?: InstanceType;
      arm64?: InstanceType;
    };
    /**
     * Root volume size in GiB.
     */
    root_volume_gb?: number;
    ports?: PortList;
    /**
     * Estimated on-demand cost in USD per hour, by architecture.
     */
    estimated_cost_per_hour?: {
      /**
       * USD per hour on x86_64.
       */
      x86_64?: number;
      /**
       * USD per hour on arm64.
       */
      arm64?: number;
    };
  };
  /**
   * When an idle instance is stopped or hibernated to save cost.
   */
  idle_detection?: {
    /**
     * Turn idle detection on.
     */
    enabled?: boolean;
    /**
     * Minutes of inactivity before the instance counts as idle.
     */
    idle_threshold_minutes?: number;
    /**
     * Minutes idle before the instance hibernates.
     */
    hibernate_threshold_minutes?: number;
    /**
     * How often activity is checked.
     */
    check_interval_minutes?: number;
  };
  /**
   * Shell script passed as EC2 user data at first boot. May use {{.param}} placeholders.
   */
  user_data?: string;
  /**
   * Shell script run after packages are installed. May use {{.param}} placeholders.
   */
  post_install?: string;
  /**
   * Launch-time parameters substituted into {{.name}} placeholders.
   */
  parameters?: {
    [k: string]: Parameter | undefined;
  };
}
/**
 * A launch-time parameter.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "parameter".
 */
export interface Parameter {
  /**
   * What the parameter controls.
   */
  description?: string;
  /**
   * Value type.
   */
  type: "string" | "integer" | "boolean" | "choice";
  /**
   * Value used when the launcher gives none.
   */
  default?: string | number | boolean;
  /**
   * Allowed values when type is choice.
   *
   * @minItems 1
   *
   * Items: An allowed value.
   */
  choices?: [string, ...string[]];
  /**
   * The launcher must give a value.
   */
  required?: boolean;
}
export interface PublishedTemplate1 {
  /**
   * Mean star rating from 0 to 5; 0 when there are no reviews.
   */
  rating: number;
  /**
   * Number of visible reviews.
   */
  reviews: number;
  /**
   * Number of recorded downloads.
   */
  downloads: number;
  /**
   * Time of the last commit that touched the template's folder (RFC 3339).
   */
  last_updated: string;
  /**
   * True when a tested AMI exists in at least one region.
   */
  ami_available: boolean;
  /**
   * True when the template is on the editorial featured list.
   */
  featured: boolean;
}
/**
 * The category taxonomy in registry/categories.json. A template's category must be one of these ids.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "Categories".
 */
export interface Categories {
  /**
   * URL of this schema.
   */
  $schema?: string;
  /**
   * Categories in display order.
   *
   * @minItems 1
   * @maxItems 200
   */
  categories: [Category, ...Category[]];
}
/**
 * One category.
 */
export interface Category {
  /**
   * Stable lowercase kebab-case id used in template.json.
   */
  id: string;
  /**
   * Display name.
   */
  name: string;
  /**
   * What belongs in this category.
   */
  description: string;
  /**
   * Optional icon name for the catalog site.
   */
  icon?: string;
}
/**
 * The editorial list in registry/featured.json: templates shown first on the home page and in cws marketplace featured.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "Featured".
 */
export interface Featured {
  /**
   * URL of this schema.
   */
  $schema?: string;
  /**
   * Featured templates in display order.
   *
   * @maxItems 50
   */
  featured: FeaturedEntry[];
}
/**
 * One featured template.
 */
export interface FeaturedEntry {
  /**
   * Id of an existing, active template.
   */
  template_id: string;
  /**
   * Why the editors feature it, shown as a blurb.
   */
  reason?: string;
  /**
   * Last day the template is featured (YYYY-MM-DD); omitted means indefinitely.
   */
  until?: string;
}
/**
 * A review and rating of a template, as stored and served by the marketplace API.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "Review".
 */
export interface Review {
  /**
   * Server-assigned id, such as rev_01J9Z...
   */
  review_id: string;
  /**
   * Id of the reviewed template.
   */
  template_id: string;
  /**
   * Version of the template the reviewer used.
   */
  template_version?: string;
  /**
   * Handle of the reviewer; one review per reviewer per template.
   */
  reviewer: string;
  /**
   * Stars from 1 to 5.
   */
  rating: number;
  /**
   * One-line summary.
   */
  title: string;
  /**
   * The review text, plain text or markdown (sanitised when rendered).
   */
  content: string;
  /**
   * What the reviewer used the environment for, in kebab-case, such as whole-genome-sequencing.
   */
  use_case?: string;
  /**
   * True when the reviewer has a recorded successful launch of this template.
   */
  verified_usage: boolean;
  /**
   * How many readers marked the review helpful.
   */
  helpful_votes: number;
  /**
   * Moderation state; hidden reviews are not served publicly.
   */
  status?: "visible" | "hidden";
  /**
   * When the review was written (RFC 3339).
   */
  created_at: string;
  /**
   * When the review was last edited (RFC 3339).
   */
  updated_at?: string;
}
/**
 * One usage event (a download, launch or its outcome) reported to the marketplace API. Events are counted once per idempotency key.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "UsageEvent".
 */
export interface UsageEvent {
  /**
   * Client-generated idempotency key (a UUID); a retried event with the same key is counted once.
   */
  event_id: string;
  /**
   * Id of the template used.
   */
  template_id: string;
  /**
   * Version that was used.
   */
  template_version?: string;
  /**
   * What happened.
   */
  event: "download" | "launch" | "launch_succeeded" | "launch_failed" | "fork";
  /**
   * AWS region of the launch.
   */
  region?: string;
  /**
   * CPU architecture of the launch.
   */
  architecture?: "x86_64" | "arm64";
  /**
   * EC2 instance type of the launch.
   */
  instance_type?: string;
  /**
   * Time from request to a ready instance, for launch outcomes.
   */
  duration_ms?: number;
  /**
   * Stable error code when a launch failed; never a message that could hold user data.
   */
  error_code?: string;
  /**
   * Client name and version, such as cws/1.4.0.
   */
  client?: string;
  /**
   * When it happened (RFC 3339).
   */
  occurred_at: string;
}
