import type { Severity } from "./diagnostic.js";

export interface RuleInfo {
  /** Short kebab-case name, also the anchor in docs/rules.md. */
  name: string;
  severity: Severity;
  /** What the rule protects, for docs/rules.md. */
  summary: string;
}

/**
 * Every diagnostic code. Codes are stable: never renumber or reuse one; retire it instead.
 * 0xx input, 1xx schema, 2xx semantic, 3xx security, 4xx git, 5xx import.
 */
export const RULES = {
  CWS001: { name: "encoding", severity: "error", summary: "Files must be UTF-8 text without a byte-order mark or NUL bytes." },
  CWS002: { name: "json-syntax", severity: "error", summary: "template.json must be strict JSON: no comments, trailing commas or single quotes." },
  CWS003: { name: "duplicate-key", severity: "error", summary: "An object may not repeat a key; JSON parsers disagree on which value wins." },
  CWS004: { name: "nesting-too-deep", severity: "error", summary: "JSON nesting is limited to 64 levels." },
  CWS005: { name: "string-too-long", severity: "error", summary: "A single JSON string is limited to 64 KiB." },
  CWS006: { name: "symlink", severity: "error", summary: "Registry files must be regular files, never symbolic links." },
  CWS007: { name: "file-too-large", severity: "error", summary: "template.json is limited to 256 KiB, documentation to 1 MiB, screenshots to 2 MiB." },
  CWS008: { name: "missing-template", severity: "error", summary: "Every template folder holds a template.json." },
  CWS009: { name: "unexpected-file", severity: "error", summary: "A template folder holds only template.json, README.md and screenshots/." },
  CWS010: { name: "unreadable", severity: "error", summary: "A registry file could not be read." },

  CWS101: { name: "schema-required", severity: "error", summary: "A required field is missing." },
  CWS102: { name: "schema-unknown-field", severity: "error", summary: "A field is not part of the schema (often a typo)." },
  CWS103: { name: "schema-type", severity: "error", summary: "A value has the wrong JSON type." },
  CWS104: { name: "schema-enum", severity: "error", summary: "A value is not one of the allowed values." },
  CWS105: { name: "schema-format", severity: "error", summary: "A value does not match the required format or pattern." },
  CWS106: { name: "schema-range", severity: "error", summary: "A number, string or list is out of its allowed size or range." },
  CWS107: { name: "schema-other", severity: "error", summary: "Any other schema violation." },

  CWS201: { name: "id-folder-mismatch", severity: "error", summary: "template_id equals the name of the folder it lives in." },
  CWS202: { name: "id-duplicate", severity: "error", summary: "Template ids are unique." },
  CWS203: { name: "id-confusable", severity: "error", summary: "A new id may not equal an existing one once case and - _ . are ignored." },
  CWS204: {
    name: "id-squatting",
    severity: "error",
    summary: "A new id may not be one edit away from an id owned by someone else, nor two edits away when both ids are 10 letters or longer.",
  },
  CWS205: { name: "category-unknown", severity: "error", summary: "The category is listed in registry/categories.json." },
  CWS206: { name: "tag-format", severity: "error", summary: "Tags and research domains are lowercase kebab-case." },
  CWS207: { name: "region-unknown", severity: "error", summary: "Regions are real AWS region codes." },
  CWS208: { name: "instance-type-missing", severity: "error", summary: "Every architecture has a default instance type." },
  CWS209: { name: "instance-type-arch", severity: "error", summary: "A default instance type runs the architecture it is used for (arm64 needs Graviton)." },
  CWS210: { name: "fork-parent-missing", severity: "error", summary: "forked_from names an existing template and a version it has reached." },
  CWS211: { name: "deprecation-reason", severity: "error", summary: "A deprecated or archived template says why." },
  CWS212: { name: "replacement-invalid", severity: "error", summary: "A named replacement exists, is active, and is not the template itself." },
  CWS213: {
    name: "package-manager-mismatch",
    severity: "error",
    summary: "apt/dnf templates list no conda or spack packages; ami templates list no packages.",
  },
  CWS214: { name: "package-pinned-twice", severity: "error", summary: "A package is not pinned to two different versions." },
  CWS215: { name: "docs-missing", severity: "error", summary: "Every template has a README.md with real documentation." },
  CWS216: { name: "insecure-link", severity: "error", summary: "Links in documentation and metadata use https." },
  CWS217: { name: "license-unknown", severity: "error", summary: "The license is an SPDX identifier or expression, or Custom with a URL." },
  CWS218: { name: "featured-invalid", severity: "error", summary: "featured.json names existing, active, public templates, once each." },
  CWS219: { name: "category-duplicate", severity: "error", summary: "Category ids in categories.json are unique." },
  CWS220: { name: "ami-region-unlisted", severity: "error", summary: "AMI replication regions are among the template's regions." },
  CWS221: { name: "parameter-undefined", severity: "error", summary: "Every {{.name}} placeholder in user_data or post_install is a declared parameter." },
  CWS222: { name: "package-duplicate", severity: "warning", summary: "A package is listed twice." },
  CWS223: { name: "service-port-closed", severity: "warning", summary: "A service's port is among the ports opened for the template." },
  CWS224: { name: "changelog-version", severity: "warning", summary: "The newest changelog entry matches the template's version." },
  CWS225: { name: "parameter-choice", severity: "error", summary: "Choice parameters list choices, and defaults are among them." },
  CWS226: {
    name: "ami-source-image",
    severity: "error",
    summary: "A captured image in ami.source_images is for a listed architecture, in one of the template's regions, and names a 12-digit owner account.",
  },
  CWS227: {
    name: "placeholder-context",
    severity: "error",
    summary:
      "A {{.name}} in user_data or post_install stands where a shell word may: not inside quotes, a here-document or $(( )), nor as code for eval or sh -c (each placeholder is substituted as one single-quoted word).",
  },
  CWS228: {
    name: "id-suffix-squatting",
    severity: "error",
    summary: "A new id may not be another owner's id with a suffix or prefix such as -official, -v2, -new, -pro or -latest.",
  },
  CWS229: { name: "version-doi", severity: "error", summary: "A version's DOI (changelog[].doi) is a bare DOI such as 10.5281/zenodo.1234567." },

  CWS301: { name: "secret-aws-key", severity: "error", summary: "No AWS access keys or secret keys in a template." },
  CWS302: { name: "secret-private-key", severity: "error", summary: "No private keys in a template." },
  CWS303: {
    name: "hidden-characters",
    severity: "error",
    summary:
      "No bidirectional controls, zero-width characters or NUL (also as \\u escapes) in a template's strings or its README headings: text must read as it is.",
  },
  CWS304: {
    name: "control-characters",
    severity: "error",
    summary: "No control characters (ESC, BEL, CR, C1...) in strings the CLI prints, such as package names; tab and newline only in scripts and descriptions.",
  },
  CWS305: {
    name: "passwordless-sudo",
    severity: "error",
    summary: "Scripts and service configuration write no NOPASSWD sudoers rule, unless security_exceptions.CWS305 says why.",
  },
  CWS306: {
    name: "notebook-no-auth",
    severity: "error",
    summary: "Notebook servers (Jupyter, RStudio, code-server) are not started with an empty token or password, unless security_exceptions.CWS306 says why.",
  },
  CWS311: {
    name: "curl-pipe-shell-http",
    severity: "warning",
    summary: 'Scripts are not downloaded over plain http and run (piped to a shell, bash <(curl ...), eval "$(curl ...)").',
  },
  CWS312: { name: "world-writable", severity: "warning", summary: "System paths are not made world-writable." },
  CWS313: { name: "firewall-disabled", severity: "warning", summary: "Scripts do not turn off the firewall or SELinux." },
  CWS314: {
    name: "remote-code-unpinned",
    severity: "warning",
    summary:
      'Scripts do not run code straight from a download (curl | bash, bash <(curl ...), eval "$(curl ...)") even over https: it is unpinned remote code.',
  },
  CWS315: { name: "encoded-script", severity: "warning", summary: "Scripts do not run base64-decoded text as code, which hides what runs from review." },

  CWS401: { name: "infra-change", severity: "error", summary: "A registry pull request changes nothing outside registry/ unless --allow-infra is given." },
  CWS402: { name: "version-not-raised", severity: "error", summary: "A changed template raises its semantic version." },
  CWS403: { name: "template-removed", severity: "error", summary: "Templates are never deleted or renamed; set maintenance_status instead." },
  CWS404: { name: "not-an-owner", severity: "error", summary: "Only a template's owners may change it." },
  CWS405: { name: "new-template-owner", severity: "error", summary: "A new template lists its author (the pull request's actor) as an owner." },
  CWS406: { name: "base-ref-unknown", severity: "error", summary: "The --base ref exists in the repository (fetch it first in shallow clones)." },
  CWS407: {
    name: "editorial-change",
    severity: "error",
    summary: "Only the maintainers listed in the base branch's registry/maintainers.json may change featured.json, categories.json or maintainers.json.",
  },

  CWS501: { name: "yaml-syntax", severity: "error", summary: "The file to import is valid YAML." },
  CWS502: { name: "not-a-template", severity: "error", summary: "The file to import is a CloudWorkstation template (name, description, base)." },
  CWS503: { name: "import-unsupported", severity: "error", summary: "A CloudWorkstation feature that a marketplace template cannot carry, such as inherits." },
  CWS504: { name: "import-dropped-field", severity: "warning", summary: "A field of the source template is not carried into the marketplace entry." },
} as const satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof RULES;

export function ruleSeverity(code: RuleCode): Severity {
  return RULES[code].severity;
}
