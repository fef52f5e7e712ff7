import { RULES, type RuleInfo } from "./rules.js";

const GROUPS: [RegExp, string, string][] = [
  [/^CWS0/, "Input", "Encoding, JSON syntax, file layout and size. Checked before anything else; a file that fails here is not checked further."],
  [/^CWS1/, "Schema", "Violations of schemas/*.schema.json. The hint repeats the field's description from the schema."],
  [/^CWS2/, "Semantic", "Rules that a schema cannot express: taxonomy, real AWS regions, architectures, lineage, lifecycle, packages and documentation."],
  [
    /^CWS3/,
    "Security",
    "Secrets, hidden and control characters, passwordless sudo and unauthenticated notebook servers are errors (the last two unless `security_exceptions` says why); risky shell idioms in user_data, post_install and validation tests are warnings.",
  ],
  [/^CWS4/, "Change (git)", "Checked with `--base <ref>`: what a pull request may change, and who may change it."],
  [/^CWS5/, "Import", "Problems converting a CloudWorkstation YAML template with `npm run import`."],
];

/** Renders docs/rules.md from the rule catalogue, so the documented codes can never drift from the code. */
export function renderRulesDoc(): string {
  const lines = [
    "<!-- Generated from core/diagnostics/rules.ts by `npm run gen:docs`. Do not edit. -->",
    "# Validation rules",
    "",
    "`npm run validate` reports each problem as `file:line:col CODE/name pointer: message (hint)`.",
    "Codes are stable: a code is never reused or renumbered, and scripts may match on it.",
    "Errors fail the check (exit 1); warnings are reported but pass (exit 0).",
    "",
  ];
  for (const [pattern, title, intro] of GROUPS) {
    const entries = (Object.entries(RULES) as [string, RuleInfo][]).filter(([code]) => pattern.test(code));
    lines.push(`## ${title}`, "", intro, "", "| Code | Name | Severity | Rule |", "|---|---|---|---|");
    for (const [code, rule] of entries) {
      lines.push(`| <a id="${code.toLowerCase()}"></a>${code} | \`${rule.name}\` | ${rule.severity} | ${rule.summary} |`);
    }
    lines.push("");
  }
  lines.push(
    "Examples of every input, schema, semantic and security rule live in `tests/corpus/invalid/`, one folder per case with the exact expected output.",
    "",
  );
  return lines.join("\n");
}
