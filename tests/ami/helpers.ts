import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AmiPipelineOptions } from "../../core/ami/pipeline.js";
import type { ProgressEvent } from "../../core/ami/types.js";
import type { Template } from "../../core/types/generated.js";
import { ROOT, tempDir } from "../helpers/run.js";
import { FakeAws } from "./fake-aws.js";
import type { CommandOutcome, FakeCommand } from "./fake-world.js";

export const REGISTRY = join(ROOT, "registry");
export const GENOMICS = "genomics-pipeline-v3";

export function readTemplate(id: string): Template {
  return JSON.parse(readFileSync(join(REGISTRY, "templates", id, "template.json"), "utf8")) as Template;
}

/** Answers each step as a healthy builder would: validation tests print what they must and exit as expected. */
export function passingResponder(ids: string[] = [GENOMICS]): (command: FakeCommand) => CommandOutcome {
  const tests = new Map(ids.flatMap((id) => (readTemplate(id).validation_tests ?? []).map((t) => [t.name, t] as const)));
  return (command) => {
    const test = command.comment.startsWith("test: ") ? tests.get(command.comment.slice(6)) : undefined;
    if (test) {
      const exitCode = test.expect_exit_code ?? 0;
      return { status: exitCode === 0 ? "Success" : "Failed", exitCode, stdout: `${test.expect_output ?? ""}\n` };
    }
    return { status: "Success", exitCode: 0, stdout: command.comment === "scrub" ? "scrubbed\n" : "" };
  };
}

export interface Harness {
  fake: FakeAws;
  statePath: string;
  progress: ProgressEvent[];
  options(overrides?: Partial<AmiPipelineOptions>): AmiPipelineOptions;
}

/** A fake AWS with a healthy builder, a temp state file and pipeline options pointing at both. */
export function harness(fake = new FakeAws()): Harness {
  fake.world.respond = passingResponder();
  const statePath = join(tempDir("cws-ami-"), "ami-state.json");
  const progress: ProgressEvent[] = [];
  return {
    fake,
    statePath,
    progress,
    options: (overrides = {}) => ({
      registry: REGISTRY,
      templates: [GENOMICS],
      state: statePath,
      buildRegion: "us-east-1",
      builder: { instanceProfile: "cws-ami-builder", subnetId: "subnet-0abc", securityGroupIds: ["sg-0abc"] },
      buildId: "run-1",
      commit: "0123456789abcdef0123456789abcdef01234567",
      clientsFor: fake.clientsFor,
      runtime: fake.runtime(),
      onProgress: (e) => progress.push(e),
      ...overrides,
    }),
  };
}
