import { parseDocument } from "yaml";

export interface WorkflowProblem {
  file: string;
  message: string;
}

type Node = Record<string, unknown>;

const PINNED = /^[^@\s]+@[0-9a-f]{40}$/;

/**
 * The project's rules for GitHub workflows, beyond schema validity: no pull_request_target,
 * every action pinned to a full commit SHA, no `${{ github.event.* }}` expanded inside a `run:`
 * script (it would be shell-injected), and read-only permissions for pull-request workflows.
 */
export function lintWorkflow(file: string, text: string): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const doc = parseDocument(text);
  if (doc.errors.length) return [{ file, message: `not valid YAML: ${doc.errors[0]?.message ?? ""}` }];
  const wf = (doc.toJS() ?? {}) as Node;
  const on = wf.on ?? wf.true; // YAML 1.1 readers turn a bare `on` key into true
  const triggers = typeof on === "string" ? [on] : Array.isArray(on) ? on.map(String) : Object.keys((on as Node | undefined) ?? {});
  if (triggers.includes("pull_request_target"))
    problems.push({ file, message: "uses pull_request_target, which runs with secrets on fork code; use pull_request plus a workflow_run workflow" });
  const prWorkflow = triggers.includes("pull_request");
  if (prWorkflow) checkReadOnly(file, "workflow", wf.permissions, problems, true);

  for (const [jobName, job] of Object.entries((wf.jobs as Node | undefined) ?? {})) {
    const j = (job ?? {}) as Node;
    if (typeof j.uses === "string" && !PINNED.test(j.uses) && !j.uses.startsWith("./"))
      problems.push({ file, message: `job ${jobName}: ${j.uses} is not pinned to a full commit SHA` });
    if (prWorkflow) checkReadOnly(file, `job ${jobName}`, j.permissions, problems, false);
    for (const [i, step] of ((j.steps as Node[] | undefined) ?? []).entries()) {
      const where = `job ${jobName} step ${typeof step.name === "string" ? `"${step.name}"` : i + 1}`;
      if (typeof step.uses === "string" && !step.uses.startsWith("./") && !step.uses.startsWith("docker://") && !PINNED.test(step.uses)) {
        problems.push({ file, message: `${where}: ${step.uses} is not pinned to a full commit SHA` });
      }
      if (typeof step.run === "string" && /\$\{\{\s*github\.event\./.test(step.run)) {
        problems.push({ file, message: `${where}: expands github.event.* inside run:; pass it through env: instead` });
      }
      if (prWorkflow && typeof step.run === "string" && /\$\{\{\s*secrets\./.test(step.run)) {
        problems.push({ file, message: `${where}: a pull-request workflow must not use secrets` });
      }
    }
  }
  return problems;
}

function checkReadOnly(file: string, where: string, permissions: unknown, problems: WorkflowProblem[], required: boolean): void {
  if (permissions === undefined) {
    if (required) problems.push({ file, message: `${where}: pull-request workflows must declare read-only permissions` });
    return;
  }
  if (permissions === "write-all" || permissions === "read-all") {
    if (permissions === "write-all") problems.push({ file, message: `${where}: write-all permissions in a pull-request workflow` });
    return;
  }
  for (const [scope, level] of Object.entries((permissions as Node | null) ?? {})) {
    if (level === "write") problems.push({ file, message: `${where}: ${scope}: write in a pull-request workflow` });
  }
}
