// A --param value is data: placeholders in a template's scripts become one single-quoted shell
// word each, so ; | & > ( $( ) and backticks in a value never run. Checked by running bash.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderUserData, resolveParameters } from "../../cli/src/launch/user-data.js";
import { substituteShellWords } from "../../core/shell/placeholders.js";
import type { Template } from "../../core/types/generated.js";
import { ROOT, tempDir } from "../helpers/run.js";

const template = (id: string) => JSON.parse(readFileSync(join(ROOT, "registry/templates", id, "template.json"), "utf8")) as Template;

function bash(script: string, cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("bash", ["-c", script], { cwd, encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each tries to create a file named pwned* in the working folder.
const ATTACKS = [
  "gpt2; touch pwned-semicolon",
  "gpt2 | touch pwned-pipe",
  "gpt2 & touch pwned-background",
  "gpt2 > pwned-redirect",
  "gpt2 && touch pwned-and",
  "(touch pwned-subshell)",
  "$(touch pwned-command-substitution)",
  "`touch pwned-backticks`",
  "x' ; touch pwned-quote ; '",
  "gpt2\ntouch pwned-newline",
];

describe("launch parameters in scripts", () => {
  it.each(ATTACKS)("keeps %j inert wherever a placeholder may stand", (value) => {
    const dir = tempDir();
    const script = substituteShellWords(
      [
        "set -eu",
        "X={{.p}}",
        'printf "%s" "$X" > assigned',
        "printf %s {{.p}} > argument",
        "printf %s prefix-{{.p}}-suffix > joined",
        'echo "$(printf %s {{.p}})" > substituted',
        "printf 'export P=%q\\n' {{.p}} > profile.sh",
        "bash -c 'printf %s \"$1\"' _ {{.p}} > positional",
        "",
      ].join("\n"),
      { p: value },
    );
    expect(bash(`bash -n <<'EOF'\n${script}EOF`, dir).status).toBe(0);
    const run = bash(script, dir);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const read = (f: string) => readFileSync(join(dir, f), "utf8");
    expect(read("assigned")).toBe(value);
    expect(read("argument")).toBe(value);
    expect(read("joined")).toBe(`prefix-${value}-suffix`);
    expect(read("substituted")).toBe(`${value.replace(/\n+$/, "")}\n`);
    expect(read("positional")).toBe(value);
    // A file written for login shells must stay data when it is sourced later.
    expect(bash('. ./profile.sh && printf %s "$P" > sourced', dir).status).toBe(0);
    expect(read("sourced")).toBe(value);
    expect(readdirSync(dir).filter((f) => f.startsWith("pwned"))).toEqual([]);
  });

  it("keeps a malicious base_model of llm-finetune-lab out of /etc/profile.d as code", () => {
    const t = template("llm-finetune-lab");
    // Values that pass --param's own checks (no quotes, $, backticks or control characters).
    for (const base_model of ["gpt2; touch pwned-a", "gpt2 | touch pwned-b & touch pwned-c > pwned-d", "(touch pwned-e)"]) {
      const values = resolveParameters(t.environment, { base_model });
      const { script } = renderUserData({ templateId: t.template_id, version: t.version, env: t.environment, arch: "x86_64", values, fromBase: false });
      if (!script) throw new Error("llm-finetune-lab renders no user data");
      const dir = tempDir();
      // The whole first-boot script parses, with the value inside.
      writeFileSync(join(dir, "user-data.sh"), script);
      expect(bash("bash -n user-data.sh", dir)).toMatchObject({ status: 0, stderr: "" });
      // Run the post_install line that writes the profile, into the temporary folder.
      const line = script.split("\n").find((l) => l.includes("/etc/profile.d/base-model.sh"));
      expect(line).toBeDefined();
      const local = (line ?? "").replace("/etc/profile.d/base-model.sh", "base-model.sh");
      expect(bash(local, dir)).toMatchObject({ status: 0, stderr: "" });
      expect(bash('. ./base-model.sh && printf %s "$BASE_MODEL" > value', dir)).toMatchObject({ status: 0, stderr: "" });
      expect(readFileSync(join(dir, "value"), "utf8")).toBe(base_model);
      expect(readdirSync(dir).filter((f) => f.startsWith("pwned"))).toEqual([]);
      expect(existsSync(join(dir, "base-model.sh"))).toBe(true);
    }
  });

  it("leaves package specs and configuration lines unquoted: they are quoted as a whole where used", () => {
    const env = {
      ...template("llm-finetune-lab").environment,
      packages: { pip: ["torch=={{.v}}"] },
      parameters: { v: { type: "string" as const, default: "2.5.1" } },
    };
    const { script } = renderUserData({ templateId: "t", version: "1.0.0", env, arch: "x86_64", values: { v: "2.5.1" }, fromBase: true });
    expect(script).toContain("pip install --no-cache-dir 'torch==2.5.1'");
  });
});
