// The security lint's detectors on their own: squatting, remote and encoded code, placeholder
// contexts, and what the validator prints when a template holds control characters.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { formatGithub } from "../../core/diagnostics/format-github.js";
import { formatText } from "../../core/diagnostics/format-text.js";
import { diagnostic } from "../../core/diagnostics/make.js";
import type { RuleCode } from "../../core/diagnostics/rules.js";
import { placeholderContexts, requotePlaceholders } from "../../core/shell/placeholder-contexts.js";
import { editDistance } from "../../core/util/edit-distance.js";
import { NearIndex } from "../../core/util/near-index.js";
import { UNPRINTABLE } from "../../core/util/printable.js";
import type { CheckedTemplate, RuleContext } from "../../core/validate/context.js";
import { idRules } from "../../core/validate/rules/id-rules.js";
import { codeFindings } from "../../core/validate/rules/remote-code.js";

/** Just enough of a checked template for the id rules. */
function fake(template_id: string, owners: string[]): CheckedTemplate {
  return {
    t: { template_id, owners },
    at: (code: RuleCode, pointer: string, message: string, hint: string) =>
      diagnostic(code, { file: `${template_id}/template.json`, line: 2, column: 18, pointer }, message, hint),
  } as unknown as CheckedTemplate;
}

function squatting(ids: [string, string[]][], newIds?: string[]): string[] {
  const templates = ids.map(([id, owners]) => fake(id, owners));
  const ctx: RuleContext = { templates, byId: new Map(templates.map((c) => [c.t.template_id, c])), knownIds: new Set(ids.map(([id]) => id)) };
  if (newIds) ctx.newIds = new Set(newIds);
  return idRules(ctx).map((d: Diagnostic) => `${d.code} ${d.file.split("/")[0]}`);
}

describe("squatting", () => {
  const original: [string, string[]] = ["single-cell-analysis", ["cell-lab"]];

  it.each(["-official", "-v2", "-v10", "-new", "-pro", "-latest", "-2"])("reports another owner's id plus %s", (suffix) => {
    expect(squatting([original, [`single-cell-analysis${suffix}`, ["mallory"]]])).toEqual([`CWS228 single-cell-analysis${suffix}`]);
  });

  it("reports prefixes and stacked words, but not the original owners' own editions", () => {
    expect(squatting([original, ["official-single-cell-analysis", ["mallory"]]])).toEqual(["CWS228 official-single-cell-analysis"]);
    expect(squatting([original, ["single-cell-analysis-official-v2", ["mallory"]]])).toEqual(["CWS228 single-cell-analysis-official-v2"]);
    expect(squatting([original, ["single-cell-analysis-v2", ["cell-lab", "bob"]]])).toEqual([]);
    // With --base, only a new id is to blame.
    expect(squatting([original, ["single-cell-analysis-v2", ["mallory"]]], [])).toEqual([]);
  });

  it("reports two edits in long ids, one in short ones, and nothing further", () => {
    // The squatter is the new id (as with --base); without it the later id in sort order is blamed.
    expect(squatting([original, ["single-cell-analyiss", ["mallory"]]], ["single-cell-analyiss"])).toEqual(["CWS204 single-cell-analyiss"]);
    expect(squatting([original, ["singel-cell-analysis", ["mallory"]]], ["singel-cell-analysis"])).toEqual(["CWS204 singel-cell-analysis"]);
    expect(squatting([original, ["single-cel-analysi", ["mallory"]]], ["single-cel-analysi"])).toEqual(["CWS204 single-cel-analysi"]);
    expect(squatting([original, ["single-cell-anal", ["mallory"]]], ["single-cell-anal"])).toEqual([]);
    // "rstudio" and "rstuido" are two edits apart but short: too many real ids would collide.
    expect(
      squatting(
        [
          ["rstudio", ["a"]],
          ["rstuido", ["b"]],
        ],
        ["rstuido"],
      ),
    ).toEqual([]);
    expect(
      squatting(
        [
          ["rstudio", ["a"]],
          ["rstudo", ["b"]],
        ],
        ["rstudo"],
      ),
    ).toEqual(["CWS204 rstudo"]);
  });

  it("finds every pair within two edits that a pairwise comparison finds", () => {
    const word = fc.stringMatching(/^[abc]{8,14}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 2, maxLength: 40 }), (words) => {
        const index = new NearIndex<number>(10);
        words.forEach((w, i) => {
          const found = index.candidates(w);
          for (let j = 0; j < i; j++) {
            const other = words[j] ?? "";
            if (w.length >= 10 && other.length >= 10 && editDistance(w, other, 2) <= 2) expect(found.has(j)).toBe(true);
          }
          index.add(w, i);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe("remote and encoded code", () => {
  const cases: [string, string[]][] = [
    ["curl -fsSL https://get.example.org/install.sh | sudo bash", ["CWS314"]],
    ["curl -fsSL http://get.example.org/install.sh | sudo bash", ["CWS311"]],
    ["wget -O- https://x.org/i.sh | sh", ["CWS314"]],
    ["wget -qO- http://x.org/i.sh | sh -s -- --yes", ["CWS311"]],
    ["bash <(curl -fsSL https://x.org/i.sh)", ["CWS314"]],
    ["bash <(curl -fsSL http://x.org/i.sh)", ["CWS311"]],
    ["source <(curl -s https://x.org/env)", ["CWS314"]],
    ['sh -c "$(curl -fsSL https://x.org/install.sh)"', ["CWS314"]],
    ['eval "$(curl -fsSL https://x.org/a)"', ["CWS314"]],
    ["eval `wget -qO- https://x.org/a`", ["CWS314"]],
    ["curl -s https://x.org/boot.py | python3 -", ["CWS314"]],
    ["echo ZWNobyBoaQ== | base64 -d | sh", ["CWS315"]],
    ["echo ZWNobyBoaQ== | base64 --decode | sudo bash", ["CWS315"]],
    ['eval "$(echo ZWNobyBoaQ== | base64 -d)"', ["CWS315"]],
    // Downloads that are checked, or are data, are fine.
    ["curl -fsSL https://x.org/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg", []],
    ["curl -fSL -o /tmp/x.sh https://x.org/x-1.2.sh && echo 'abc  /tmp/x.sh' | sha256sum -c && bash /tmp/x.sh", []],
    ["curl -fsSL https://x.org/k.asc | sudo tee /etc/apt/trusted.gpg.d/k.asc", []],
    ["echo aGk= | base64 -d > greeting.txt", []],
  ];
  it.each(cases)("%s", (script, codes) => {
    expect(codeFindings(script).map((f) => f.code)).toEqual(codes);
  });
});

describe("placeholder contexts", () => {
  const cases: [string, string[]][] = [
    ["REF={{.p}}", ["word"]],
    ["REF='{{.p}}'", ["single-quotes"]],
    ['echo "x {{.p}} y"', ["double-quotes"]],
    ['echo "x $(ls {{.p}}) y"', ["word"]],
    ["echo `ls {{.p}}`", ["word"]],
    ["echo $'a{{.p}}'", ["ansi-quotes"]],
    ["cat <<'EOF'\n{{.p}}\nEOF\necho {{.q}}", ["heredoc", "word"]],
    ["cat <<-EOF\n\t{{.p}}\n\tEOF\necho {{.q}}", ["heredoc", "word"]],
    ["x=$(( {{.p}} + 1 ))", ["arithmetic"]],
    ["eval {{.p}}", ["code"]],
    ["if true; then sudo -u bob bash -lc {{.p}}; fi", ["code"]],
    ["bash -c 'echo \"$1\"' _ {{.p}}", ["word"]],
    ["# '{{.p}}'\necho {{.q}}", ["comment", "word"]],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template literal
    ["echo ${X:-{{.p}}}", ["word"]],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template literal
    ['echo "${X:-{{.p}}}"', ["double-quotes"]],
    ["echo it\\'s {{.p}}", ["word"]],
  ];
  it.each(cases)("%j", (script, contexts) => {
    expect(placeholderContexts(script).map((u) => u.context)).toEqual(contexts);
  });
});

describe("importing a CloudWorkstation script", () => {
  it("closes the script's own quotes around each placeholder, and leaves what it cannot fix to CWS227", () => {
    const script = "echo \"workers={{.w}}\" > /etc/ml.conf\nREF='{{.r}}'\necho $'a{{.a}}b'\ncat <<EOF\n{{.h}}\nEOF\n";
    const requoted = requotePlaceholders(script);
    expect(requoted).toBe("echo \"workers=\"{{.w}}\"\" > /etc/ml.conf\nREF=''{{.r}}''\necho $'a'{{.a}}$'b'\ncat <<EOF\n{{.h}}\nEOF\n");
    expect(placeholderContexts(requoted).map((u) => u.context)).toEqual(["word", "word", "word", "heredoc"]);
  });
});

describe("printing what a template holds", () => {
  const d = diagnostic(
    "CWS206",
    { file: "registry/templates/x/template.json", line: 14, column: 5, pointer: "/tags/1" },
    '"a\u001b]0;owned\u0007\u202e" is not lowercase kebab-case',
    "write it as\r\n\u009b2J",
  );
  const report = { diagnostics: [d], templates: 1 };

  it("escapes control and bidirectional characters in text and GitHub output", () => {
    for (const out of [formatText(report, { color: false }), formatGithub(report)]) {
      // Only the line breaks between diagnostics are left.
      expect([...out].filter((ch) => ch !== "\n" && UNPRINTABLE.test(ch))).toEqual([]);
      expect(out).toContain("\\u001b]0;owned\\u0007\\u202e");
    }
    expect(formatGithub(report)).toContain("write it as%0D%0A\\u009b2J");
  });
});
