import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { escapeMarkdown } from "../../.github/scripts/markdown-escape.mjs";
import { pullRequestNumber } from "../../.github/scripts/pull-request-number.mjs";
import { renderComment } from "../../.github/scripts/render-comment.mjs";
import { ROOT, tempDir } from "../helpers/run.js";
import { fakeBin, runStep, type Step, workflowJob } from "../helpers/workflow-steps.js";

const TEXT = readFileSync(join(ROOT, ".github/workflows/comment.yml"), "utf8");
const SHA = "a".repeat(40);
const FORK_SHA = "b".repeat(40);

/** What a hostile pull request's workflow run can put in its artifact. */
const HOSTILE_REPORT = {
  summary: { errors: "0 ✅ <img src=x onerror=alert(1)>", warnings: 0, templates: 1 },
  diagnostics: [
    {
      file: "registry/templates/x/template.json",
      line: 1,
      column: 1,
      code: "CWS402",
      pointer: "/description",
      message: "ping @octocat and @cloudworkstation/marketplace-maintainers, see owner/repo#12",
      hint: "click [here](https://evil.example/phish) or ![](https://evil.example/pixel.png) or https://evil.example or www.evil.example <a href=//evil>x</a>\n| injected | row |",
    },
  ],
};

function postStep(): Step {
  const step = workflowJob(TEXT, "comment")?.steps.find((s) => s.run?.includes("gh api"));
  if (!step) throw new Error("comment.yml has no step that posts");
  return step;
}

/**
 * Runs comment.yml's posting step as the runner would: the default branch checked out (its
 * .github/ linked), the artifact (with a forged pr-number) in $RUNNER_TEMP/report, the event in
 * $GITHUB_EVENT_PATH, and a fake gh that records its calls and serves one open fork pull request.
 */
function post(workflowRun: Record<string, unknown>) {
  const workspace = tempDir("cws-runner-");
  symlinkSync(join(ROOT, ".github"), join(workspace, ".github"));
  const temp = join(workspace, "_temp");
  mkdirSync(join(temp, "report"), { recursive: true });
  writeFileSync(join(temp, "report/pr-number"), "1\n");
  writeFileSync(join(temp, "report/validation.json"), JSON.stringify(HOSTILE_REPORT));
  writeFileSync(join(workspace, "event.json"), JSON.stringify({ action: "completed", workflow_run: workflowRun }));
  const log = join(workspace, "gh.log");
  const openPulls = [[{ number: 77, head: { sha: FORK_SHA, repo: { full_name: "forker/registry" } } }]];
  const bin = fakeBin(join(workspace, "bin"), {
    gh: [
      `printf '%s\\n' "$*" >> ${JSON.stringify(log)}`,
      `for a in "$@"; do case "$a" in body=@*) cat "\${a#body=@}" > ${JSON.stringify(join(workspace, "posted.md"))};; esac; done`,
      `case "$*" in *pulls\\?state=open*) printf '%s' ${JSON.stringify(JSON.stringify(openPulls))};; esac`,
    ].join("\n"),
  });
  const result = runStep(postStep(), {
    workspace,
    context: { "github.token": "fake-token", "github.repository": "cloudworkstation/registry" },
    env: { PATH: `${bin}:${process.env.PATH ?? ""}`, RUNNER_TEMP: temp, GITHUB_EVENT_PATH: join(workspace, "event.json") },
  });
  const read = (file: string) => {
    try {
      return readFileSync(join(workspace, file), "utf8");
    } catch {
      return "";
    }
  };
  return { result, calls: read("gh.log").trim().split("\n").filter(Boolean), posted: read("posted.md") };
}

describe("comment.yml", () => {
  it("posts on the pull request named by the event, never the number in the artifact", () => {
    const { result, calls, posted } = post({ head_sha: SHA, pull_requests: [{ number: 42, head: { sha: SHA } }] });
    expect(result.status).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^api repos\/cloudworkstation\/registry\/issues\/42\/comments --method POST --field body=@/);
    expect(posted).toContain("### Template validation:");
  });

  it("finds a fork's pull request (absent from the event) through the API, by head commit and repository", () => {
    const fork = post({ head_sha: FORK_SHA, head_repository: { full_name: "forker/registry" }, pull_requests: [] });
    expect(fork.calls.at(-1)).toMatch(/^api repos\/cloudworkstation\/registry\/issues\/77\/comments /);
    // A run whose commit heads no open pull request posts nothing, rather than trusting the artifact.
    const orphan = post({ head_sha: SHA, head_repository: { full_name: "forker/registry" }, pull_requests: [] });
    expect(orphan.result.status).toBe(0);
    expect(orphan.calls.filter((c) => c.includes("/comments"))).toEqual([]);
  });

  it("posts the hostile report with no mention, link, image, HTML or extra table row", () => {
    const { posted } = post({ head_sha: SHA, pull_requests: [{ number: 42, head: { sha: SHA } }] });
    expect(posted).not.toMatch(/@[a-z]/i);
    expect(posted).not.toMatch(/(?<!&)#\w/); // &#35; is a character reference, not a reference to issue 35
    expect(posted).not.toMatch(/https?:\/\/|www\./i);
    const cells = posted.split("\n").filter((l) => l.startsWith("| registry/"));
    expect(cells).toHaveLength(1);
    expect(cells[0]).not.toMatch(/[<>[\]()]/);
    expect(posted).not.toContain("| injected |");
    expect(posted).toMatch(/^### Template validation: ❌ \? error\(s\), 0 warning\(s\) in 1 template\(s\)$/m);
    expect(posted.split("\n").filter((l) => l.startsWith("| "))).toHaveLength(2); // header and one row
  });

  it("reads the artifact outside the checkout and checks out no pull-request code", () => {
    const steps = workflowJob(TEXT, "comment")?.steps ?? [];
    const download = steps.find((s) => s.uses?.startsWith("actions/download-artifact@"));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, as written in the workflow.
    expect(download?.with?.path).toBe("${{ runner.temp }}/report");
    const checkout = steps.find((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkout?.with?.ref).toBeUndefined();
    expect(TEXT).not.toContain("pr-number");
  });
});

describe("escapeMarkdown", () => {
  it.each([
    ["@octocat", "@\u200boctocat"],
    ["@org/team", "@\u200borg/team"],
    ["mail a@b.org", "mail a@\u200bb.org"],
    ["see #12 and GH-7", "see &#35;\u200b12 and GH-\u200b7"],
    ["[x](https://e.org)", "&#91;x&#93;&#40;https:\u200b//e.org&#41;"],
    ["![](p.png)", "&#33;&#91;&#93;&#40;p.png&#41;"],
    ["<img src=x>", "&#60;img src=x&#62;"],
    ["www.evil.example", "www\u200b.evil.example"],
    ["a|b", "a&#124;b"],
    ["line\nbreak\r\u2028", "line break  "],
    ["\u202egnp.exe\u200b", "gnp.exe"],
    ["$x$ `c` *e* ~s~ \\", "&#36;x&#36; &#96;c&#96; &#42;e&#42; &#126;s&#126; &#92;"],
    ["&amp;", "&#38;amp;"],
  ])("%j → %j", (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });

  it("keeps at most max characters, without cutting a character reference in half", () => {
    expect(escapeMarkdown("<".repeat(600))).toBe("&#60;".repeat(500));
    expect(escapeMarkdown("ab😀c", 3)).toBe("ab😀");
    expect(escapeMarkdown(undefined)).toBe("");
  });
});

describe("pullRequestNumber", () => {
  const pr = (number: unknown, sha: string, repo?: string) => ({ number, head: { sha, ...(repo ? { repo: { full_name: repo } } : {}) } });

  it("takes the event's pull request whose head is the run's commit", () => {
    expect(pullRequestNumber({ head_sha: SHA, pull_requests: [pr(3, FORK_SHA), pr(4, SHA)] })).toBe(4);
    expect(pullRequestNumber({ head_sha: SHA, pull_requests: [pr(3, FORK_SHA)] })).toBeUndefined();
  });

  it("falls back to open pull requests from the run's head repository (pages flattened)", () => {
    const run = { head_sha: SHA, head_repository: { full_name: "f/r" }, pull_requests: [] };
    expect(pullRequestNumber(run, [[pr(5, SHA, "other/r")], [pr(6, SHA, "f/r")]])).toBe(6);
    expect(pullRequestNumber(run, [pr(5, SHA, "other/r")])).toBeUndefined();
  });

  it("accepts only a positive integer and a real commit id", () => {
    expect(pullRequestNumber({ head_sha: SHA, pull_requests: [pr("42; rm -rf /", SHA)] })).toBeUndefined();
    expect(pullRequestNumber({ head_sha: SHA, pull_requests: [pr(-1, SHA)] })).toBeUndefined();
    expect(pullRequestNumber({ head_sha: "HEAD", pull_requests: [pr(1, "HEAD")] })).toBeUndefined();
    expect(pullRequestNumber(undefined)).toBeUndefined();
  });
});

describe("renderComment", () => {
  it("renders a clean report as a table with counts", () => {
    const text = renderComment({
      summary: { errors: 1, warnings: 0, templates: 2 },
      diagnostics: [{ file: "a.json", line: 2, column: 3, code: "CWS402", pointer: "/version", message: "not raised", hint: "raise it" }],
    });
    expect(text).toContain("### Template validation: ❌ 1 error(s), 0 warning(s) in 2 template(s)");
    expect(text).toContain("| a.json:2:3 | CWS402 | /version: not raised | raise it |");
  });

  it("survives a report that is not the right shape", () => {
    expect(renderComment({ summary: "x", diagnostics: { length: 3 } })).toContain("? error(s), ? warning(s) in ? template(s)");
    expect(renderComment(null)).toContain("Template validation");
  });
});
