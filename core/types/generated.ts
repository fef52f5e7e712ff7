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
  /**
   * Days a version stays supported after a newer version replaces it: inside the window it can still be launched by version and its AMIs are never retired. Default 365 (docs/client-spec.md §3.6).
   */
  support_window_days?: number;
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
 * A template as published on the CDN (templates/<id>/metadata.json and api/v1/marketplace/templates/<id>): the authored fields plus fields computed at build time from git, the community stats store, the AMI pipeline and the editorial lists.
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
  owners: Handle[];
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
  tags: string[];
  /**
   * Research fields the environment serves, in lowercase kebab-case, such as "genomics".
   *
   * @maxItems 10
   *
   * Items: A research field in lowercase kebab-case.
   */
  research_domains?: string[];
  /**
   * CPU architectures the environment supports.
   *
   * @minItems 1
   */
  architecture: Architecture[];
  /**
   * AWS region codes where the template may be launched, such as "us-east-1".
   *
   * @minItems 1
   * @maxItems 40
   */
  regions: Region[];
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
  /**
   * Why the template deliberately does what a security rule refuses, by rule code (see docs/rules.md). Only the rules listed here accept a reason; reviewers read it, and so do users in the template's published record.
   */
  security_exceptions?: {
    /**
     * Why sudo needs no password (a NOPASSWD sudoers rule) on this workstation.
     */
    CWS305?: string;
    /**
     * Why the notebook server runs without a token or password, and what protects its port instead.
     */
    CWS306?: string;
  };
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
  changes: {
    /**
     * Kind of change, as in Keep a Changelog.
     */
    kind: "added" | "changed" | "deprecated" | "removed" | "fixed" | "security";
    /**
     * What changed, for users.
     */
    description: string;
  }[];
  /**
   * DOI minted for this version of the environment (for example on Zenodo), such as 10.5281/zenodo.1234567; citations of the version use it. The validator checks its syntax (CWS229).
   */
  doi?: string;
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
  regions?: Region[];
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
  /**
   * Images captured from running workstations with `cws marketplace publish --generate-ami`, by architecture. For an architecture listed here the AMI pipeline boots this image instead of base_image (after checking with EC2 that it belongs to owner_id, an account the maintainers trust), skips provisioning, and tests, scrubs and re-images it as usual. environment still says how to rebuild the workstation from the base image.
   */
  source_images?: {
    x86_64?: SourceImage;
    arm64?: SourceImage;
  };
}
/**
 * An AMI made from a workstation, in the account and region where it was created; the AMI pipeline replicates it to the template's AMI regions.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "sourceImage".
 */
export interface SourceImage {
  /**
   * The AMI id, such as ami-0123456789abcdef0.
   */
  image_id: string;
  region: Region;
  /**
   * 12-digit AWS account id that owns the image; the pipeline copies only images owned by this account.
   */
  owner_id: string;
  /**
   * The instance the image was made from.
   */
  instance_id?: string;
  /**
   * When the image was created (RFC 3339).
   */
  created_at?: string;
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
  choices?: string[];
  /**
   * The launcher must give a value.
   */
  required?: boolean;
}
/**
 * One AMI built and tested by the marketplace pipeline.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "builtAmi".
 */
export interface BuiltAmi {
  /**
   * AMI id; launch only by this id, after checking its owner.
   */
  image_id: string;
  /**
   * AWS account that owns the AMI; clients MUST check it with DescribeImages before launching.
   */
  owner_id: string;
  /**
   * When the AMI was created (RFC 3339).
   */
  created_at: string;
}
export interface PublishedTemplate1 {
  /**
   * Mean star rating from 0 to 5, rounded to two decimals; 0 when there are no reviews.
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
  /**
   * Rating shrunk towards the catalog mean (a Bayesian average), for ranking: one 5-star review does not beat two hundred 4.6-star ones.
   */
  rating_bayesian?: number;
  /**
   * Number of reviews per star rating.
   */
  rating_histogram: {
    /**
     * Reviews with 1 star.
     */
    "1": number;
    /**
     * Reviews with 2 stars.
     */
    "2": number;
    /**
     * Reviews with 3 stars.
     */
    "3": number;
    /**
     * Reviews with 4 stars.
     */
    "4": number;
    /**
     * Reviews with 5 stars.
     */
    "5": number;
  };
  /**
   * Number of recorded launches.
   */
  launches: number;
  /**
   * Share of launches that reached a ready instance, from 0 to 1; 0 when there are no launches (check launches before showing it).
   */
  success_rate: number;
  /**
   * Distinct users who downloaded or launched it, once per day, summed over the last 7 days: the score trending lists sort by.
   */
  trending: number;
  /**
   * Ids of registry templates forked from this one, sorted.
   *
   * Items: A template id.
   */
  forks: string[];
  /**
   * Tested AMIs by region and architecture, from the AMI pipeline's state file; empty when none are built.
   */
  amis: {
    /**
     * AMIs in one region, by architecture.
     */
    [k: string]:
      | {
          x86_64?: BuiltAmi;
          arm64?: BuiltAmi;
        }
      | undefined;
  };
  /**
   * Versions as recorded in git, newest first: each version with the first commit that carried it.
   *
   * Items: One version.
   */
  history: {
    /**
     * Template version.
     */
    version: string;
    /**
     * Commit time (RFC 3339).
     */
    date: string;
    /**
     * Commit id (40 hex digits).
     */
    commit: string;
  }[];
  /**
   * False when the build ran on a shallow clone (or outside git) and older history was not available; last_updated is then the oldest known date.
   */
  history_complete: boolean;
  /**
   * Screenshot file names under templates/<id>/screenshots/.
   *
   * Items: A file name.
   */
  screenshots: string[];
  /**
   * Installed software of this version (client spec §4.1): from the SBOM of its AMIs when they were built, else the declared packages.
   *
   * Items: One package.
   */
  software?: {
    /**
     * Package name as its tool reports it (untrusted text).
     */
    name: string;
    /**
     * Installed version (software_source sbom), or the declared constraint as written, empty when unpinned (declared).
     */
    version: string;
    /**
     * Where the package comes from.
     */
    ecosystem: "deb" | "rpm" | "conda" | "pip" | "spack";
  }[];
  /**
   * sbom: exact versions captured from the built images; declared: the template's package specs (no image built yet).
   */
  software_source?: "sbom" | "declared";
  /**
   * Tree path of this version's CycloneDX 1.5 SBOM, present when software_source is sbom.
   */
  sbom?: string;
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
  categories: Category[];
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
 * The registry's maintainers in registry/maintainers.json: the only people who may change the editorial files (featured.json, categories.json and this file), as rule CWS407 enforces against the base branch's copy. CODEOWNERS is generated from it.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "Maintainers".
 */
export interface Maintainers {
  /**
   * URL of this schema.
   */
  $schema?: string;
  /**
   * GitHub handles of the maintainers (users, not teams: a pull request's author is compared with them).
   *
   * @minItems 1
   * @maxItems 50
   */
  maintainers: Handle[];
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
/**
 * What list, browse and search show for one template.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "summary".
 */
export interface TemplateSummary {
  /**
   * A template id.
   */
  template_id: string;
  /**
   * Display name.
   */
  name: string;
  /**
   * One-line summary.
   */
  description: string;
  /**
   * Author handle.
   */
  author: string;
  /**
   * Current version.
   */
  version: string;
  /**
   * Category id.
   */
  category: string;
  /**
   * Keywords.
   *
   * Items: A tag.
   */
  tags: string[];
  /**
   * Supported architectures.
   *
   * Items: x86_64 or arm64.
   */
  architecture: ("x86_64" | "arm64")[];
  /**
   * AWS regions.
   *
   * Items: A region code.
   */
  regions: string[];
  /**
   * SPDX id or Custom.
   */
  license: string;
  /**
   * active, deprecated or archived; clients hide archived templates unless asked.
   */
  maintenance_status: "active" | "deprecated" | "archived";
  /**
   * Id of the template that replaces a deprecated or archived one.
   */
  replacement?: string;
  /**
   * Id of the parent template, for forks.
   */
  forked_from?: string;
  /**
   * Mean rating, 0 when unrated.
   */
  rating: number;
  /**
   * Bayesian average rating used for ranking.
   */
  rating_bayesian: number;
  /**
   * Number of reviews.
   */
  reviews: number;
  /**
   * Number of downloads.
   */
  downloads: number;
  /**
   * Number of launches.
   */
  launches: number;
  /**
   * Distinct users who downloaded or launched it, once per day, summed over the last 7 days.
   */
  trending: number;
  /**
   * Last change (RFC 3339).
   */
  last_updated: string;
  /**
   * On the editorial featured list.
   */
  featured: boolean;
  /**
   * A tested AMI exists in at least one region.
   */
  ami_available: boolean;
  /**
   * What `--has` and the site's software facet filter on (client spec §3.2): the record's software as [ecosystem, name, version] rows.
   */
  software?: {
    /**
     * sbom or declared, as the record's software_source.
     */
    source: "sbom" | "declared";
    /**
     * Rows of [ecosystem, name, version].
     */
    packages: string[][];
  };
}
/**
 * indexes/catalog.json: every published template's summary, in a fixed order (the search index refers to rows by position), plus facet counts.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "Catalog".
 */
export interface Catalog {
  /**
   * Client specification version (docs/client-spec.md).
   */
  spec_version: 1;
  /**
   * Build time: the commit time, or SOURCE_DATE_EPOCH (RFC 3339).
   */
  generated_at: string;
  /**
   * Number of templates, so the catalog also answers the static API's GET /api/v1/marketplace/templates (client spec §5).
   */
  total: number;
  /**
   * Summaries sorted by template_id.
   */
  templates: TemplateSummary[];
  /**
   * Counts over all templates, before any filter is applied.
   */
  facets: {
    /**
     * Template counts per category.
     */
    category: {
      /**
       * How many templates have this value.
       */
      [k: string]: number | undefined;
    };
    /**
     * Template counts per tags.
     */
    tags: {
      /**
       * How many templates have this value.
       */
      [k: string]: number | undefined;
    };
    /**
     * Template counts per architecture.
     */
    architecture: {
      /**
       * How many templates have this value.
       */
      [k: string]: number | undefined;
    };
    /**
     * Template counts per region.
     */
    region: {
      /**
       * How many templates have this value.
       */
      [k: string]: number | undefined;
    };
    /**
     * Template counts per license.
     */
    license: {
      /**
       * How many templates have this value.
       */
      [k: string]: number | undefined;
    };
    /**
     * Template counts per maintenance status.
     */
    maintenance_status: {
      /**
       * How many templates have this value.
       */
      [k: string]: number | undefined;
    };
  };
}
/**
 * indexes/categories.json: the category taxonomy with template counts.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "CategoriesIndex".
 */
export interface CategoriesIndex {
  /**
   * Client specification version.
   */
  spec_version: 1;
  /**
   * Categories in display order.
   */
  categories: CategoryCount[];
}
/**
 * A category and how many templates it holds.
 */
export interface CategoryCount {
  /**
   * Category id.
   */
  id: string;
  /**
   * Display name.
   */
  name: string;
  /**
   * What belongs here.
   */
  description: string;
  /**
   * Icon name.
   */
  icon?: string;
  /**
   * Templates in the category, archived ones excluded.
   */
  count: number;
}
/**
 * indexes/featured.json: the editorial list, in order, with each template's summary.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "FeaturedIndex".
 */
export interface FeaturedIndex {
  /**
   * Client specification version.
   */
  spec_version: 1;
  /**
   * Featured templates in display order; entries past their end date are dropped at build time.
   */
  featured: FeaturedTemplate[];
}
/**
 * A featured template.
 */
export interface FeaturedTemplate {
  /**
   * A template id.
   */
  template_id: string;
  /**
   * Why the editors feature it.
   */
  reason?: string;
  /**
   * Last day it is featured.
   */
  until?: string;
  summary: TemplateSummary;
}
/**
 * indexes/trending.json: templates ranked by recent use, per window. Empty lists when no usage is recorded.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "TrendingIndex".
 */
export interface TrendingIndex {
  /**
   * Client specification version.
   */
  spec_version: 1;
  /**
   * Build time (RFC 3339).
   */
  generated_at: string;
  /**
   * Rankings by window, highest score first, ties by template_id.
   */
  windows: {
    /**
     * The last 7 days.
     */
    "7d": TrendingEntry[];
    /**
     * The last 30 days.
     */
    "30d": TrendingEntry1[];
  };
}
/**
 * A template and its score in a window.
 */
export interface TrendingEntry {
  /**
   * A template id.
   */
  template_id: string;
  /**
   * Distinct users who downloaded or launched the template, counted once per day, summed over the window.
   */
  score: number;
}
/**
 * A template and its score in a window.
 */
export interface TrendingEntry1 {
  /**
   * A template id.
   */
  template_id: string;
  /**
   * Distinct users who downloaded or launched the template, counted once per day, summed over the window.
   */
  score: number;
}
/**
 * indexes/search-index.json: a packed Lunr 2.3 index over the catalog (docs/client-spec.md §3.1). Document refs are row numbers into indexes/catalog.json's templates. Postings keep term frequencies, and each field keeps every document's length, so a client computes Lunr's BM25 field-vector weights only for the terms a query touches.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "SearchIndex".
 */
export interface SearchIndex {
  /**
   * Client specification version.
   */
  spec_version: 1;
  /**
   * Layout of this file; a client MUST refuse a format it does not know.
   */
  format: "lunr-packed-1";
  /**
   * Version of Lunr whose tokenizer, pipeline and scoring built the index.
   */
  lunr_version: string;
  /**
   * SHA-256 of the catalog.json the refs point into; clients MUST use the two together.
   */
  catalog_sha256: string;
  /**
   * Number of indexed documents: the rows of catalog.json, numbered from 0.
   */
  documents: number;
  /**
   * Indexed fields in posting order.
   *
   * Items: One indexed field.
   */
  fields: {
    /**
     * Field name.
     */
    name: string;
    /**
     * Lunr field boost.
     */
    boost: number;
    /**
     * Mean number of terms in this field over all documents, as Lunr computed it.
     */
    average_length: number;
    /**
     * Each document's number of terms in this field: fixed-width base-36 numbers, document n at characters [n × width, (n + 1) × width).
     */
    lengths: {
      /**
       * Characters per number.
       */
      width: number;
      /**
       * The numbers, concatenated.
       */
      data: string;
    };
  }[];
  /**
   * Lunr's BM25 parameters.
   */
  bm25: {
    /**
     * Term frequency saturation.
     */
    k1: number;
    /**
     * Field length normalisation.
     */
    b: number;
  };
  /**
   * Names of the Lunr search pipeline functions, applied to query terms that use the pipeline.
   *
   * Items: A registered Lunr pipeline function.
   */
  pipeline: string[];
  /**
   * Every indexed term, sorted by UTF-16 code units and joined by single spaces (terms never contain whitespace). A term's position is its term index.
   */
  terms: string;
  /**
   * One posting per term, in the order of terms: per field (separated by ';'), entries separated by ',', each the base-36 difference from the previous document number in that field (the first is absolute), followed by ':' and the base-36 term frequency when it is not 1.
   *
   * Items: A term's posting.
   */
  postings: string[];
  /**
   * What clients rank and hide results by, per document, so a search needs catalog rows only for the results it shows. Copies of the catalog rows' values.
   */
  ranking: {
    /**
     * One character per document: 'a' archived, 'd' deprecated, '-' otherwise.
     */
    status: string;
    /**
     * Each document's rating_bayesian × 100, as fixed-width base-36 numbers.
     */
    rating_bayesian: {
      /**
       * Characters per number.
       */
      width: number;
      /**
       * The numbers, concatenated.
       */
      data: string;
    };
    /**
     * Each document's downloads, as fixed-width base-36 numbers.
     */
    downloads: {
      /**
       * Characters per number.
       */
      width: number;
      /**
       * The numbers, concatenated.
       */
      data: string;
    };
  };
  /**
   * Optional (added without a spec_version change): the words as written that the pipeline indexed under another term, so prefix and fuzzy clauses can match the words a reader types ("genomcis" → "genomics" → term "genom"). Words the pipeline left unchanged are their own terms and are not listed.
   */
  stems?: {
    /**
     * The words, trimmed and lower-cased as the tokenizer and trimmer leave them, sorted by UTF-16 code units and joined by single spaces.
     */
    words: string;
    /**
     * For each word, in the order of words, the term index it was indexed under, as fixed-width base-36 numbers.
     */
    terms: {
      /**
       * Characters per number.
       */
      width: number;
      /**
       * The numbers, concatenated.
       */
      data: string;
    };
  };
}
/**
 * api/v1/marketplace/templates: every published template's summary (the static form of GET /api/v1/marketplace/templates without query parameters).
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "ApiTemplateList".
 */
export interface ApiTemplateList {
  /**
   * Summaries sorted by template_id.
   */
  templates: TemplateSummary[];
  /**
   * Number of templates.
   */
  total: number;
}
/**
 * api/v1/marketplace/templates/<id>/reviews: a template's latest visible reviews and its rating breakdown.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "ApiReviews".
 */
export interface ApiReviews {
  /**
   * A template id.
   */
  template_id: string;
  /**
   * Mean rating, 0 when unrated.
   */
  rating: number;
  /**
   * Number of visible reviews.
   */
  total: number;
  /**
   * Reviews per star rating.
   */
  rating_histogram: {
    /**
     * Count.
     */
    [k: string]: number | undefined;
  };
  /**
   * Up to 20 latest visible reviews, newest first.
   *
   * @maxItems 20
   */
  reviews: Review[];
}
/**
 * By region, then architecture.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "amiRegions".
 */
export interface AmiRegions {
  /**
   * AMIs in a region.
   */
  [k: string]:
    | {
        /**
         * One AMI.
         */
        x86_64?: {
          /**
           * AMI id.
           */
          image_id: string;
          /**
           * Owning AWS account.
           */
          owner_id: string;
          /**
           * Creation time (RFC 3339).
           */
          created_at: string;
          /**
           * available once built, tested and shared; failed when the last attempt failed.
           */
          state?: "available" | "failed";
          /**
           * Pipeline build that produced it.
           */
          build_id?: string;
        };
        /**
         * One AMI.
         */
        arm64?: {
          /**
           * AMI id.
           */
          image_id: string;
          /**
           * Owning AWS account.
           */
          owner_id: string;
          /**
           * Creation time (RFC 3339).
           */
          created_at: string;
          /**
           * available once built, tested and shared; failed when the last attempt failed.
           */
          state?: "available" | "failed";
          /**
           * Pipeline build that produced it.
           */
          build_id?: string;
        };
      }
    | undefined;
}
/**
 * The SBOM captured on one architecture's builder after provisioning and before its image was taken.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "sbomRecord".
 */
export interface AmiSbom {
  /**
   * Build key of the image the SBOM describes (the image's cws:build-key tag).
   */
  build_key: string;
  /**
   * Pipeline build that captured it.
   */
  build_id: string;
  /**
   * Capture time (RFC 3339).
   */
  captured_at: string;
  /**
   * CycloneDX 1.5 JSON, validated against schemas/vendor/cyclonedx/bom-1.5.SNAPSHOT.schema.json when captured and when published.
   */
  document: {};
}
/**
 * The AMI pipeline's state file: for each template and version, the AMIs per region and architecture. The build reads it to fill amis and ami_available.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "AmiState".
 */
export interface AmiState {
  /**
   * Format version.
   */
  version: 1;
  /**
   * By template id.
   */
  templates: {
    [k: string]: AmiTemplateState | undefined;
  };
}
/**
 * AMIs of one template: the current version's, and those of earlier versions still on record.
 */
export interface AmiTemplateState {
  /**
   * Template version the AMIs were built from.
   */
  template_version: string;
  regions: AmiRegions;
  /**
   * AMIs of earlier versions, by version: kept when a newer version's first AMI is recorded, so old versions stay launchable inside their support window (lifecycle never retires them there).
   */
  previous?: {
    [k: string]: AmiPastVersion | undefined;
  };
  /**
   * By architecture: the software bill of materials of the template_version image.
   */
  sboms?: {
    x86_64?: AmiSbom;
    arm64?: AmiSbom;
  };
}
/**
 * The AMIs one earlier version had when it was replaced.
 */
export interface AmiPastVersion {
  regions: AmiRegions;
  /**
   * When the newer version's first AMI was recorded (RFC 3339): the support window runs from here.
   */
  superseded_at: string;
  /**
   * When lifecycle deregistered these AMIs (RFC 3339); the version can no longer be launched from them.
   */
  retired_at?: string;
  /**
   * By architecture: the SBOMs this version's images were built with, kept with its AMIs so its published record still says what is installed.
   */
  sboms?: {
    x86_64?: AmiSbom;
    arm64?: AmiSbom;
  };
}
/**
 * templates/<id>/validation-tests/tests.json: the template's validation tests, as run on each built AMI.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "ValidationTests".
 */
export interface ValidationTests {
  /**
   * A template id.
   */
  template_id: string;
  /**
   * Template version.
   */
  version: string;
  /**
   * Tests in order.
   */
  tests: ValidationTest[];
}
/**
 * .well-known/cws-marketplace.json: tells a client where the TUF metadata, targets and API live, so anyone can host a marketplace.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "Discovery".
 */
export interface Discovery {
  /**
   * Client specification version.
   */
  spec_version: 1;
  /**
   * Path of the TUF metadata folder, relative to this host.
   */
  metadata: string;
  /**
   * Path that TUF target names are relative to.
   */
  targets: string;
  /**
   * Path of the live marketplace API (docs/client-spec.md §5): answered by the API, never stored in the tree.
   */
  api: string;
  /**
   * How a browser on the site may identify to the live API, so the site's template pages offer a review form. "dev-header": the X-CWS-User header of local development (npm start; the deployed API refuses it). Absent: browsers only read the live API, and the site offers no form it could not submit.
   */
  browser_identity?: "dev-header";
}
/**
 * One published version of a template (templates/<id>/versions/<version>.json): the template exactly as it stood when that version was the latest, with the AMIs built from it. Once a newer version exists, the record never changes.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "TemplateVersion".
 */
export interface TemplateVersion {
  /**
   * Client spec version of this file.
   */
  spec_version: 1;
  /**
   * The template's id.
   */
  template_id: string;
  version: Semver;
  /**
   * Time of the oldest commit that carried the version (RFC 3339).
   */
  published_at: string;
  /**
   * Registry commit the template below was read from (absent when built outside git).
   */
  commit?: string;
  /**
   * DOI of this version, from its changelog entry.
   */
  doi?: string;
  /**
   * The authored template at this version.
   */
  template: AuthoredTemplate;
  /**
   * AMIs built from this version, by region and architecture; empty when none were built.
   */
  amis: {
    /**
     * AMIs in one region, by architecture.
     */
    [k: string]:
      | {
          x86_64?: BuiltAmi;
          arm64?: BuiltAmi;
        }
      | undefined;
  };
  /**
   * The software of this version (client spec §4.1): installed in its AMIs, as the AMI pipeline recorded it (software_source sbom, the SBOM beside this file), else its declared packages with their constraints as written (declared).
   *
   * @maxItems 20000
   */
  software?: SoftwareItem[];
  /**
   * sbom: exact versions captured from this version's images; declared: its template's package specs (no image of it was built with an SBOM).
   */
  software_source?: "sbom" | "declared";
  /**
   * Tree path of this version's CycloneDX 1.5 SBOM, present when software_source is sbom.
   */
  sbom?: string;
}
/**
 * One installed package.
 */
export interface SoftwareItem {
  /**
   * Package name.
   */
  name: string;
  /**
   * Installed version (sbom), or the declared constraint as written, empty when unpinned (declared).
   */
  version: string;
  /**
   * Package manager that installed it.
   */
  ecosystem: "deb" | "rpm" | "conda" | "pip" | "spack";
}
/**
 * Every published version of one template (templates/<id>/versions/index.json), newest first, with its support window. Each entry's record is templates/<id>/versions/<version>.json.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "TemplateVersions".
 */
export interface TemplateVersions {
  /**
   * Client spec version of this file.
   */
  spec_version: 1;
  /**
   * The template's id.
   */
  template_id: string;
  latest: Semver;
  /**
   * Days a version stays supported after the next version replaced it.
   */
  support_window_days: number;
  /**
   * Published versions, newest first.
   *
   * @minItems 1
   */
  versions: TemplateVersionEntry[];
}
/**
 * One published version.
 */
export interface TemplateVersionEntry {
  version: Semver;
  /**
   * When it was published (RFC 3339).
   */
  published_at: string;
  /**
   * When the next version was published (RFC 3339); absent for the latest.
   */
  superseded_at?: string;
  /**
   * End of the support window (RFC 3339): superseded_at plus support_window_days. Absent for the latest, which is always supported.
   */
  supported_until?: string;
  /**
   * True when lifecycle has deregistered the version's AMIs.
   */
  ami_retired?: boolean;
  /**
   * DOI of the version, when one was declared.
   */
  doi?: string;
  /**
   * Architectures the version supports, for the newest-compatible hint.
   */
  architectures?: Architecture[];
}
/**
 * One problem the registry validator found (the same rules and codes as CI, docs/rules.md).
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "registryDiagnostic".
 */
export interface RegistryDiagnostic {
  /**
   * Rule code, such as CWS205 or CWS404.
   */
  code: string;
  /**
   * The rule's kebab-case name, such as category-unknown.
   */
  rule?: string;
  /**
   * error blocks the change; warning does not.
   */
  severity: "error" | "warning";
  /**
   * Repository-relative path of the file, such as registry/templates/<id>/template.json.
   */
  file: string;
  /**
   * 1-based line in the file as the change writes it.
   */
  line: number;
  /**
   * 1-based column.
   */
  column: number;
  /**
   * JSON pointer (RFC 6901) into the file; the empty string is the whole file.
   */
  pointer: string;
  /**
   * What is wrong.
   */
  message: string;
  /**
   * How to fix it.
   */
  hint: string;
}
/**
 * The body of every 4xx and 5xx answer of the live marketplace API.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "ApiError".
 */
export interface ApiError {
  /**
   * Stable, machine-readable code, such as REVIEW_EXISTS or VALIDATION_FAILED (docs/api.md lists them).
   */
  error: string;
  /**
   * What went wrong, for people.
   */
  message: string;
  /**
   * What to do about it, when there is something to do.
   */
  hint?: string;
  /**
   * For VALIDATION_FAILED: every problem found, each located by a JSON pointer.
   */
  errors?: FieldError[];
  /**
   * For VERSION_CONFLICT: the review's current version, to re-read and retry with.
   */
  current_version?: number;
  /**
   * For registry changes refused by the registry's rules (REGISTRY_VALIDATION_FAILED, NOT_AN_OWNER): every diagnostic CI's validator reported, errors first.
   */
  diagnostics?: RegistryDiagnostic[];
}
/**
 * One invalid value in the request.
 */
export interface FieldError {
  /**
   * Which part of the request holds the value.
   */
  in: "body" | "query" | "path" | "header";
  /**
   * JSON pointer (RFC 6901) to the value within that part; the empty string is the whole part.
   */
  pointer: string;
  /**
   * What is wrong with the value.
   */
  message: string;
  /**
   * The JSON Schema keyword that failed, such as required or maximum, or the server's own check: text for characters no text may contain (NUL, control characters, lone surrogates, noncharacters).
   */
  keyword?: string;
}
/**
 * Body of POST /api/v1/marketplace/templates/{id}/reviews. The reviewer, review_id, verified_usage, votes and dates are set by the server; sending them is an error.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "ReviewInput".
 */
export interface ReviewInput {
  /**
   * Stars from 1 to 5.
   */
  rating: number;
  /**
   * One-line summary, with at least one visible character.
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
   * Version of the template the reviewer used.
   */
  template_version?: string;
}
/**
 * Body of PUT /api/v1/marketplace/templates/{id}/reviews/{reviewer}: the author's edit, guarded by the version they last read.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "ReviewUpdate".
 */
export interface ReviewUpdate {
  /**
   * The review's version as the editor last read it; a stale version is refused with 409 VERSION_CONFLICT.
   */
  version: number;
  /**
   * New stars from 1 to 5.
   */
  rating?: number;
  /**
   * New one-line summary, with at least one visible character.
   */
  title?: string;
  /**
   * New review text.
   */
  content?: string;
  /**
   * New use case, in kebab-case.
   */
  use_case?: string;
  /**
   * Version of the template the reviewer used.
   */
  template_version?: string;
}
/**
 * Body of PUT /api/v1/marketplace/templates/{id}/reviews/{reviewer}/reply: the publisher's public answer to a review.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "ReviewReplyInput".
 */
export interface ReviewReplyInput {
  /**
   * The reply text, plain text or markdown (sanitised when rendered).
   */
  content: string;
}
/**
 * A review as the live API serves it: every field of review.schema.json plus its edit version and the publisher's reply.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "CommunityReview".
 */
export interface CommunityReview {
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
  status: "visible" | "hidden";
  /**
   * When the review was written (RFC 3339).
   */
  created_at: string;
  /**
   * When the review was last edited (RFC 3339).
   */
  updated_at?: string;
  /**
   * Incremented by each edit of the author; send it back with PUT to edit.
   */
  version: number;
  reply?: ReviewReply;
}
/**
 * The publisher's public answer, if any.
 */
export interface ReviewReply {
  /**
   * Handle of the publisher (the template's author or an owner) who replied.
   */
  author: string;
  /**
   * The reply text, plain text or markdown (sanitised when rendered).
   */
  content: string;
  /**
   * When the reply was first written (RFC 3339).
   */
  created_at: string;
  /**
   * When the reply was last changed (RFC 3339).
   */
  updated_at?: string;
}
/**
 * GET /api/v1/marketplace/templates/{id}/reviews on the live API: a page of a template's visible reviews and the rating computed from all of them.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "ReviewList".
 */
export interface ReviewList {
  /**
   * A template id.
   */
  template_id: string;
  /**
   * Weighted mean rating (verified reviews count double), 0 when unrated; the build's rating.
   */
  rating: number;
  /**
   * The ranking score: the weighted mean shrunk towards the prior (docs/api.md), 0 when unrated.
   */
  rating_bayesian: number;
  /**
   * Number of visible reviews.
   */
  total: number;
  /**
   * Number of visible reviews with verified_usage (a successful launch recorded an hour before; docs/api.md).
   */
  verified_total: number;
  /**
   * Visible reviews per star rating, unweighted.
   */
  rating_histogram: {
    /**
     * Reviews with 1 star.
     */
    "1": number;
    /**
     * Reviews with 2 stars.
     */
    "2": number;
    /**
     * Reviews with 3 stars.
     */
    "3": number;
    /**
     * Reviews with 4 stars.
     */
    "4": number;
    /**
     * Reviews with 5 stars.
     */
    "5": number;
  };
  /**
   * This page of reviews, in the requested order.
   */
  reviews: CommunityReview[];
  /**
   * Pass as cursor for the next page; absent on the last page.
   */
  next_cursor?: string;
}
/**
 * Query parameters of GET /api/v1/marketplace/templates/{id}/reviews on the live API.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "ReviewQuery".
 */
export interface ReviewQuery {
  /**
   * Order: newest (default), oldest, helpful, rating_high or rating_low.
   */
  sort?: "newest" | "oldest" | "helpful" | "rating_high" | "rating_low";
  /**
   * true: only reviews with verified_usage (a successful launch recorded an hour before; docs/api.md).
   */
  verified?: "true" | "false";
  /**
   * Page size, 1 to 100 (default 20).
   */
  limit?: string;
  /**
   * next_cursor from the previous page.
   */
  cursor?: string;
}
/**
 * Answer to POST and DELETE /api/v1/marketplace/templates/{id}/reviews/{reviewer}/votes.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "VoteResult".
 */
export interface VoteResult {
  /**
   * The review's template.
   */
  template_id: string;
  /**
   * The review's author.
   */
  reviewer: string;
  /**
   * The review's helpful votes after this change.
   */
  helpful_votes: number;
  /**
   * Whether the caller's helpful vote is now counted.
   */
  voted: boolean;
}
/**
 * Body of POST /api/v1/marketplace/templates/{id}/reports: flags the template, or one of its reviews when reviewer is given, for moderation.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "ReportInput".
 */
export interface ReportInput {
  /**
   * Why it should be looked at.
   */
  reason:
    "spam" | "abuse" | "off-topic" | "misleading" | "security" | "broken" | "license" | "other";
  /**
   * Anything that helps a moderator; required when reason is other.
   */
  details?: string;
  /**
   * Flag this reviewer's review of the template instead of the template itself.
   */
  reviewer?: string;
}
/**
 * A report in the moderation queue (DynamoDB community-reports), as the API returns it to its reporter and npm run moderate lists it.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "Report".
 */
export interface Report {
  /**
   * Derived from reporter and target, so one reporter files at most one report per target.
   */
  report_id: string;
  /**
   * What is reported.
   */
  target: "template" | "review";
  /**
   * The reported template, or the template of the reported review.
   */
  template_id: string;
  /**
   * For a review report: the review's author.
   */
  reviewer?: string;
  /**
   * Why it was reported.
   */
  reason:
    "spam" | "abuse" | "off-topic" | "misleading" | "security" | "broken" | "license" | "other";
  /**
   * The reporter's explanation.
   */
  details?: string;
  /**
   * Handle of the reporter.
   */
  reporter: string;
  /**
   * open until a moderator acts: resolved (action taken, such as hiding the review) or dismissed (no action).
   */
  status: "open" | "resolved" | "dismissed";
  /**
   * When it was reported (RFC 3339).
   */
  created_at: string;
  /**
   * When a moderator closed it (RFC 3339).
   */
  resolved_at?: string;
  /**
   * Who closed it.
   */
  resolved_by?: string;
  /**
   * The moderator's note.
   */
  resolution?: string;
}
/**
 * Answer to POST /api/v1/marketplace/templates/{id}/usage: 201 recorded the first time an event_id is seen, 200 duplicate for every retry of it.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "UsageReceipt".
 */
export interface UsageReceipt {
  /**
   * The idempotency key that was recorded, in its canonical form (lower case, no urn:uuid: prefix).
   */
  event_id: string;
  /**
   * The template the event counts for.
   */
  template_id: string;
  /**
   * What happened.
   */
  event: "download" | "launch" | "launch_succeeded" | "launch_failed" | "fork";
  /**
   * recorded: stored now; duplicate: this event_id was already recorded, so nothing changes.
   */
  status: "recorded" | "duplicate";
  /**
   * Whether the event counts towards the template's stats: false once the caller has reached the day's counting limit for this event and template (the event is still stored).
   */
  counted: boolean;
}
/**
 * Usage totals over a window of days.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "usageWindow".
 */
export interface UsageWindow {
  /**
   * Length of the window in days.
   */
  days: number;
  /**
   * Counted download events.
   */
  downloads: number;
  /**
   * Counted launch events.
   */
  launches: number;
  /**
   * Counted launch_succeeded events.
   */
  launch_successes: number;
  /**
   * Counted launch_failed events.
   */
  launch_failures: number;
  /**
   * Counted fork events.
   */
  forks: number;
  /**
   * launch_successes / (launch_successes + launch_failures), 0 when neither was reported.
   */
  success_rate: number;
  /**
   * Distinct users who downloaded or launched the template, counted once per day, summed over the window: the score trending lists sort by.
   */
  trending_score: number;
}
/**
 * GET /api/v1/marketplace/templates/{id}/analytics: usage counted in daily buckets (UTC days), over 7-, 30- and 90-day windows ending today. Only counted events are in the counts: beyond the per-user daily counting limits an event is stored but not counted.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "TemplateAnalytics".
 */
export interface TemplateAnalytics {
  /**
   * A template id.
   */
  template_id: string;
  /**
   * When this answer was computed (RFC 3339).
   */
  generated_at: string;
  /**
   * Last day whose bucket sync-stats has made final (recounted from the event log); later days are the rollups the API keeps as events are counted.
   */
  sealed_through?: string;
  /**
   * Totals per window; each window includes today.
   */
  windows: {
    "7d": UsageWindow;
    "30d": UsageWindow;
    "90d": UsageWindow;
  };
  /**
   * One bucket per day with any event in the last 90 days, oldest first.
   */
  daily: UsageDay[];
}
/**
 * The counts of one UTC day.
 */
export interface UsageDay {
  /**
   * The day (YYYY-MM-DD, UTC).
   */
  date: string;
  /**
   * Counted download events.
   */
  download: number;
  /**
   * Counted launch events.
   */
  launch: number;
  /**
   * Counted launch_succeeded events.
   */
  launch_succeeded: number;
  /**
   * Counted launch_failed events.
   */
  launch_failed: number;
  /**
   * Counted fork events.
   */
  fork: number;
  /**
   * Distinct users with a counted download or launch that day.
   */
  users: number;
}
/**
 * GET /api/v1/marketplace/templates/{id} on the live API (and each row of the live list): the catalog fields publish wrote to DynamoDB plus the community stats as of the last npm run sync-stats. The CDN's static copy of the same path is the full published record.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "CommunityTemplate".
 */
export interface CommunityTemplate {
  /**
   * A template id.
   */
  template_id: string;
  /**
   * Display name.
   */
  name: string;
  /**
   * One-line summary.
   */
  description: string;
  /**
   * Author handle.
   */
  author: string;
  /**
   * Handles that may change the template and reply to its reviews.
   *
   * Items: An owner handle.
   */
  owners: string[];
  /**
   * Current version.
   */
  version: string;
  /**
   * Category id.
   */
  category: string;
  /**
   * Keywords.
   *
   * Items: A tag.
   */
  tags: string[];
  /**
   * CPU architectures.
   *
   * Items: An architecture.
   */
  architecture: ("x86_64" | "arm64")[];
  /**
   * AWS regions it is available in.
   *
   * Items: A region.
   */
  regions: string[];
  /**
   * Who can discover it.
   */
  visibility: "public" | "private" | "organization";
  /**
   * Lifecycle state.
   */
  maintenance_status: "active" | "deprecated" | "archived";
  /**
   * When the template last changed (RFC 3339).
   */
  last_updated: string;
  /**
   * Weighted mean rating, 0 when unrated.
   */
  rating: number;
  /**
   * Ranking score: the weighted mean shrunk towards the prior, 0 when unrated.
   */
  rating_bayesian: number;
  /**
   * Number of visible reviews.
   */
  reviews: number;
  /**
   * Visible reviews per star rating, unweighted.
   */
  rating_histogram: {
    /**
     * Reviews with 1 star.
     */
    "1": number;
    /**
     * Reviews with 2 stars.
     */
    "2": number;
    /**
     * Reviews with 3 stars.
     */
    "3": number;
    /**
     * Reviews with 4 stars.
     */
    "4": number;
    /**
     * Reviews with 5 stars.
     */
    "5": number;
  };
  /**
   * Download events, all time.
   */
  downloads: number;
  /**
   * Launch events, all time.
   */
  launches: number;
  /**
   * launch_succeeded / (launch_succeeded + launch_failed), 0 when no outcome was reported.
   */
  success_rate: number;
  /**
   * Distinct users who downloaded or launched it, once per day, summed over the last 7 days.
   */
  trending_7d: number;
  /**
   * Distinct users who downloaded or launched it, once per day, summed over the last 30 days.
   */
  trending_30d: number;
  /**
   * Fork events, all time.
   */
  forks: number;
  /**
   * When npm run sync-stats last computed these stats (RFC 3339); absent if it never ran.
   */
  stats_synced_at?: string;
}
/**
 * GET /api/v1/marketplace/templates with query parameters, on the live API: one page of matching templates.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "CommunityTemplateList".
 */
export interface CommunityTemplateList {
  /**
   * This page, in the requested order.
   */
  templates: CommunityTemplate[];
  /**
   * How many templates match, over all pages.
   */
  total: number;
  /**
   * Pass as cursor for the next page; absent on the last page.
   */
  next_cursor?: string;
}
/**
 * Query parameters of GET /api/v1/marketplace/templates on the live API. Values arrive as strings; tag may repeat.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "TemplateQuery".
 */
export interface TemplateQuery {
  /**
   * Search words; every word must appear in the id, name, description, author or tags (case-insensitive).
   */
  q?: string;
  /**
   * Only this category id.
   */
  category?: string;
  /**
   * Only templates with every one of these tags.
   *
   * @maxItems 10
   *
   * Items: A tag.
   */
  tag?: string[];
  /**
   * Only templates for this architecture.
   */
  architecture?: "x86_64" | "arm64";
  /**
   * Only templates available in this AWS region.
   */
  region?: string;
  /**
   * Only this author.
   */
  author?: string;
  /**
   * Only this maintenance status; without it archived templates are left out.
   */
  status?: "active" | "deprecated" | "archived";
  /**
   * Only templates whose weighted mean rating is at least this (0 to 5, one decimal).
   */
  min_rating?: string;
  /**
   * Order: rating (the Bayesian score, default), reviews, downloads, launches, trending (7 days), updated or name.
   */
  sort?: "rating" | "reviews" | "downloads" | "launches" | "trending" | "updated" | "name";
  /**
   * asc or desc; the default is desc, except asc for name.
   */
  order?: "asc" | "desc";
  /**
   * Page size, 1 to 100 (default 20).
   */
  limit?: string;
  /**
   * next_cursor from the previous page.
   */
  cursor?: string;
}
/**
 * Body of POST /api/v1/marketplace/templates: the new template's two files, template.json and README.md. The change is opened as a pull request to the registry, exactly as `cws marketplace publish` does; the caller is added to owners, becomes the author when none is named, and a "First published." changelog entry is added when the template has none for its version.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "RegistryPublishInput".
 */
export interface RegistryPublishInput {
  template: Template;
  /**
   * The template's README.md (markdown), written beside template.json.
   */
  readme: string;
}
/**
 * Body of PUT /api/v1/marketplace/templates/{id}: edits to a template the caller owns, as `cws marketplace update` makes them. The version goes up (bump, default patch, or an explicit version) and a changelog entry is added from notes, or, without notes, one "changed" line naming the fields changed. template_id, version, changelog, forked_from and $schema cannot be edited.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "RegistryUpdateInput".
 */
export interface RegistryUpdateInput {
  /**
   * New display name.
   */
  name?: string;
  /**
   * New description.
   */
  description?: string;
  /**
   * Field edits, applied in order (like --set path=value).
   *
   * @maxItems 100
   *
   * Items: One field to set.
   */
  set?: {
    /**
     * Dotted field names with [n] for list items and [] to append (environment.packages.conda[]), or a JSON pointer (/environment/instance_defaults/type).
     */
    path: string;
    /**
     * The new value: any JSON value except null (remove a field with unset).
     */
    value: string | number | boolean | unknown[] | {};
  }[];
  /**
   * Fields to remove, by path (like --unset), applied after set.
   *
   * @maxItems 100
   *
   * Items: A field path, as in set.
   */
  unset?: string[];
  /**
   * A new README.md (markdown).
   */
  readme?: string;
  /**
   * Which part of the version to raise; default patch. Ignored when version is given.
   */
  bump?: "patch" | "minor" | "major";
  /**
   * An exact new version, higher than the current one.
   */
  version?: string;
  /**
   * The changelog entry for the new version, one line per change.
   *
   * @maxItems 100
   *
   * Items: One change and its kind.
   */
  notes?: {
    /**
     * Kind of change, as in Keep a Changelog.
     */
    kind: "added" | "changed" | "deprecated" | "removed" | "fixed" | "security";
    /**
     * What changed, for users.
     */
    description: string;
  }[];
}
/**
 * Body of DELETE /api/v1/marketplace/templates/{id}: deprecate (or archive) a template the caller owns, as `cws marketplace unpublish` does. Templates are never deleted: the version goes up a patch with a "deprecated" changelog entry, and the template leaves featured.json.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "RegistryUnpublishInput".
 */
export interface RegistryUnpublishInput {
  /**
   * Why users should move away, in one sentence.
   */
  reason: string;
  /**
   * Id of the active template that replaces this one.
   */
  replacement?: string;
  /**
   * Archive (hidden from search, still resolvable by its exact id) instead of deprecate (still listed, with a warning). Default false.
   */
  archive?: boolean;
}
/**
 * Body of POST /api/v1/marketplace/templates/{id}/fork: copy the template to a new id owned by the caller, as `cws marketplace fork` does. The copy records forked_from, starts at 1.0.0 with a fresh changelog and keeps the parent's license.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "RegistryForkInput".
 */
export interface RegistryForkInput {
  /**
   * The fork's template id; it must not exist in the registry yet.
   */
  template_id: string;
  /**
   * Display name; default "<parent name> (fork by <caller>)".
   */
  name?: string;
  /**
   * Description; default the parent's.
   */
  description?: string;
}
/**
 * Query parameters of the registry-change endpoints (POST, PUT and DELETE /api/v1/marketplace/templates, POST .../fork).
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "RegistryChangeQuery".
 */
export interface RegistryChangeQuery {
  /**
   * true: build and validate the change and answer its diff; commit and push nothing.
   */
  dry_run?: "true" | "false";
}
/**
 * Answer of the registry-change endpoints: the branch pushed and the pull request opened (202), or with ?dry_run=true the change that would be made and its diff (200).
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "RegistryChangeResult".
 */
export interface RegistryChangeResult {
  /**
   * True when nothing was committed or pushed.
   */
  dry_run: boolean;
  /**
   * What the change does.
   */
  change: {
    /**
     * The operation: publish (POST /templates), update (PUT), unpublish (DELETE) or fork.
     */
    verb: "publish" | "update" | "unpublish" | "fork";
    /**
     * The template changed; for a fork, the new template.
     */
    template_id: string;
    /**
     * The template's version after the change.
     */
    version: string;
    /**
     * The version before the change; absent for a new template.
     */
    previous_version?: string;
    /**
     * The commit subject and pull request title.
     */
    title: string;
  };
  /**
   * The branch the change is (or would be) pushed on: cws/<verb>/<id>-<6 hex>.
   */
  branch: string;
  /**
   * The registry commit the change was built on.
   */
  base: {
    /**
     * The base branch, as origin/<branch>.
     */
    ref: string;
    /**
     * Its commit id.
     */
    commit: string;
  };
  /**
   * Repository-relative paths the change writes.
   *
   * Items: A path such as registry/templates/<id>/template.json.
   */
  files: string[];
  /**
   * The commit pushed; absent for a dry run.
   */
  commit?: string;
  /**
   * The pull request opened on GitHub.
   */
  pull_request_url?: string;
  /**
   * Its number.
   */
  pull_request_number?: number;
  /**
   * When no pull request could be opened (the registry is not on GitHub, or GitHub refused): where to open it by hand.
   */
  compare_url?: string;
  /**
   * Why the pull request was not opened automatically.
   */
  compare_reason?: string;
  /**
   * Dry run only: unified diff of every file the change writes.
   */
  diff?: string;
  /**
   * Things worth knowing that did not stop the change.
   *
   * Items: One warning.
   */
  warnings: string[];
  /**
   * CI's validation of the registry with the change (npm run validate -- --base origin/<branch> --actor <caller>).
   */
  validation: {
    /**
     * Template folders checked.
     */
    templates: number;
    /**
     * Errors found (always 0 here: errors answer 403 or 422).
     */
    errors: number;
    /**
     * Warnings found; they do not block the change.
     */
    warnings: number;
    /**
     * The warnings, located in the registry.
     */
    diagnostics: RegistryDiagnostic[];
  };
}
/**
 * A pull request on the local registry `npm start` runs (GET /api/v1/marketplace/pull-requests/{number}). Local CI validates it as the PR workflow does (validate --base <merge commit's first parent> --actor <author>), merges what passes, rebuilds and republishes to the local bucket. Production opens pull requests on GitHub instead.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "LocalPullRequest".
 */
export interface LocalPullRequest {
  /**
   * The pull request's number, from 1.
   */
  number: number;
  /**
   * Where to GET it.
   */
  url: string;
  /**
   * One line, as the commit subject.
   */
  title: string;
  /**
   * The description (Markdown).
   */
  body: string;
  /**
   * The branch pushed to the local registry, such as cws/fork/my-fork-1a2b3c.
   */
  head: string;
  /**
   * The branch it merges into.
   */
  base: string;
  /**
   * Who opened it: the actor the ownership rules check.
   */
  author: string;
  /**
   * open (waiting for local CI), checking, failed (CI refused it; nothing changed), merged (merged, being published), published (live in the local catalog) or publish_failed (merged, but the build or the upload failed; see error).
   */
  state: "open" | "checking" | "failed" | "merged" | "published" | "publish_failed";
  /**
   * When it was opened (RFC 3339).
   */
  created_at: string;
  /**
   * When its state last changed (RFC 3339).
   */
  updated_at: string;
  /**
   * The branch's commit local CI checked.
   */
  head_commit?: string;
  /**
   * The merge commit on the base branch, once merged.
   */
  merge_commit?: string;
  /**
   * When the rebuilt tree reached the local bucket.
   */
  published_at?: string;
  /**
   * The validator's summary line, such as "22 templates: 1 error, 0 warnings".
   */
  summary?: string;
  /**
   * Every diagnostic local CI's validator reported (errors first), with file, line, column, rule code and hint.
   */
  diagnostics: RegistryDiagnostic[];
  /**
   * Why it failed other than by the validator's rules (MERGE_CONFLICT, NO_SUCH_BRANCH) or why publishing failed.
   */
  error?: {
    /**
     * Stable code.
     */
    code: string;
    /**
     * What happened.
     */
    message: string;
    /**
     * What to do.
     */
    hint: string;
  };
}
/**
 * Every pull request on the local registry, newest first (GET /api/v1/marketplace/pull-requests).
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "LocalPullRequestList".
 */
export interface LocalPullRequestList {
  /**
   * Newest first.
   */
  pull_requests: LocalPullRequest[];
}
/**
 * Body of POST /api/v1/marketplace/pull-requests: open a pull request for a branch already pushed to the local registry (what `cws marketplace publish|update|unpublish|fork` do after their push). The caller is its author.
 *
 * This interface was referenced by `SchemaBundle`'s JSON-Schema
 * via the `definition` "LocalPullRequestInput".
 */
export interface LocalPullRequestInput {
  /**
   * The pushed branch.
   */
  head: string;
  /**
   * One line.
   */
  title: string;
  /**
   * The description (Markdown).
   */
  body?: string;
}
