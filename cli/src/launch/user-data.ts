import { gzipSync } from "node:zlib";
import { stepCommands } from "../../../core/provision/commands.js";
import { stepSummary } from "../../../core/provision/labels.js";
import { type InstallProblem, type InstallStep, installSteps, splitForImage } from "../../../core/provision/steps.js";
import { runScriptLines } from "../../../core/shell/heredoc.js";
import { placeholderNames, substituteData, substituteShellWords } from "../../../core/shell/placeholders.js";
import { quote } from "../../../core/shell/quote.js";
import type { Architecture, Environment } from "../../../core/types/generated.js";
import { CLI_EXIT, cliError } from "../lib/errors.js";

/**
 * Launch parameters and the EC2 user data built from a template. Pure: no file, network or AWS.
 * The install steps and their commands are the AMI build's (core/provision); this file adds what
 * only a launch has: parameter values, the template's user_data and the boot markers. Every
 * value that comes from a template or the command line is single-quoted (placeholders in the
 * template's scripts too: each becomes one shell word), and scripts travel in quoted
 * here-documents, so nothing in them can break out into the generated shell.
 */

export type ParamValues = Record<string, string>;

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Free-text values land inside the template's own quoted shell words; keep them inert there. */
const UNSAFE_VALUE = /[\p{Cc}'"`$\\]/u;

/** EC2 accepts at most 16 KiB of user data (before base64). */
export const USER_DATA_LIMIT = 16_384;

/** `--param name=value` flags as a map; a name given twice is a usage error. */
export function parseParamFlags(flags: readonly string[]): ParamValues {
  const out: ParamValues = {};
  for (const flag of flags) {
    const eq = flag.indexOf("=");
    const name = eq > 0 ? flag.slice(0, eq) : "";
    if (!PARAM_NAME.test(name)) {
      throw cliError(
        "BAD_PARAM",
        `--param ${JSON.stringify(flag)} is not name=value`,
        "write it as --param name=value, e.g. --param reference_genome=GRCh38",
        CLI_EXIT.usage,
      );
    }
    if (name in out) throw cliError("BAD_PARAM", `--param ${name} is given twice`, "give each parameter once", CLI_EXIT.usage);
    out[name] = flag.slice(eq + 1);
  }
  return out;
}

/** Every text of the environment that may hold placeholders. */
function templatedTexts(env: Environment): string[] {
  const p = env.packages ?? {};
  return [
    env.user_data ?? "",
    env.post_install ?? "",
    ...(p.system ?? []),
    ...(p.conda ?? []),
    ...(p.pip ?? []),
    ...(p.spack ?? []),
    ...(env.services ?? []).flatMap((s) => s.config ?? []),
  ];
}

/**
 * The value of every parameter: --param, else the template's default. Unknown names, missing
 * required values and values of the wrong type are usage errors that name the fix.
 */
export function resolveParameters(env: Environment, given: ParamValues): ParamValues {
  const declared = env.parameters ?? {};
  const used = new Set(templatedTexts(env).flatMap(placeholderNames));
  const known = new Set([...Object.keys(declared), ...used]);
  const unknown = Object.keys(given).filter((n) => !known.has(n));
  if (unknown.length > 0) {
    const names = [...known].sort();
    throw cliError(
      "BAD_PARAM",
      `the template has no parameter ${unknown.map((n) => `"${n}"`).join(", ")}`,
      names.length ? `its parameters: ${names.join(", ")}` : "this template takes no --param",
      CLI_EXIT.usage,
    );
  }
  const values: ParamValues = {};
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(declared)) {
    if (!spec) continue;
    const raw = given[name];
    if (raw !== undefined) values[name] = checkValue(name, spec, raw);
    else if (spec.default !== undefined) values[name] = String(spec.default);
    else if (spec.required) missing.push(name);
    else values[name] = "";
  }
  for (const name of used) {
    if (name in declared) continue;
    const raw = given[name];
    if (raw === undefined) missing.push(name);
    else values[name] = checkValue(name, { type: "string" }, raw);
  }
  if (missing.length > 0) {
    throw cliError(
      "MISSING_PARAM",
      `the template needs a value for ${missing.map((n) => `"${n}"`).join(", ")}`,
      missing.map((n) => `--param ${n}=VALUE${declared[n]?.description ? ` (${declared[n]?.description})` : ""}`).join(" "),
      CLI_EXIT.usage,
    );
  }
  return values;
}

function checkValue(name: string, spec: NonNullable<NonNullable<Environment["parameters"]>[string]>, raw: string): string {
  const bad = (why: string, hint: string) => cliError("BAD_PARAM", `--param ${name}: ${why}`, hint, CLI_EXIT.usage);
  switch (spec.type) {
    case "choice":
      if (!spec.choices?.includes(raw)) throw bad(`"${raw}" is not one of its choices`, `use one of: ${(spec.choices ?? []).join(", ")}`);
      return raw;
    case "integer":
      if (!/^-?\d+$/.test(raw)) throw bad(`"${raw}" is not an integer`, "give a whole number");
      return raw;
    case "boolean": {
      const v = raw.toLowerCase();
      if (v !== "true" && v !== "false") throw bad(`"${raw}" is not true or false`, `--param ${name}=true or --param ${name}=false`);
      return v;
    }
    default:
      if (UNSAFE_VALUE.test(raw) || raw.length > 1024) {
        throw bad(
          "quotes, backslashes, $, backticks and control characters are not allowed (at most 1024 characters)",
          "give a plain value such as a name, version, path or URL",
        );
      }
      return raw;
  }
}

const STATE = "/var/lib/cws";

export interface UserDataInput {
  templateId: string;
  version: string;
  env: Environment;
  arch: Architecture;
  values: ParamValues;
  /**
   * true: the instance starts from the bare base OS, so the script runs every install step.
   * false: it starts from the prebuilt AMI, which holds the steps up to the first one that uses
   * a launch parameter (core/provision splitForImage); only the rest run here.
   */
  fromBase: boolean;
}

export interface UserData {
  /** The bash script, or undefined when the instance needs none. */
  script: string | undefined;
  /** What the script does, one short phrase per step, for dry-run and progress output. */
  steps: string[];
  /** The template's install steps the script runs, with this launch's values (user_data aside). */
  installSteps: InstallStep[];
}

/** The first-boot script for a launch. Throws when the base OS cannot install the environment. */
export function renderUserData(input: UserDataInput): UserData {
  const { env, values } = input;
  const plan = installSteps(env, input.arch);
  refuseProblems(plan.problems, env, input.fromBase);
  const run = (input.fromBase ? plan.steps : splitForImage(plan.steps).launch).map((step) => bindParameters(step, values));
  const steps: string[] = [];
  const lines: string[] = [];
  const section = (name: string, body: string[]) => {
    steps.push(name);
    lines.push("", `echo ${quote(`cws: ${name}`)}`, ...body);
  };
  for (const step of run) section(stepSummary(step), stepCommands(step, { workDir: STATE, startServices: true }));
  if (env.user_data) section("run the template's user_data", runScriptLines(`${STATE}/user_data.sh`, substituteShellWords(env.user_data, values)));
  if (steps.length === 0) return { script: undefined, steps, installSteps: run };

  const header = [
    "#!/bin/bash",
    `# Written by cws launch: ${input.templateId} ${input.version} (${input.arch}), ${input.fromBase ? "built from the base OS image" : "prebuilt AMI"}.`,
    "set -euo pipefail",
    `install -d -m 0700 ${STATE}`,
  ];
  const footer = ["", `touch ${STATE}/launch-complete`, "echo 'cws: done'"];
  return { script: `${[...header, ...lines, ...footer].join("\n")}\n`, steps, installSteps: run };
}

function refuseProblems(problems: readonly InstallProblem[], env: Environment, fromBase: boolean): void {
  const unsafe = problems.find((p) => p.code === "UNSAFE_NAME");
  if (unsafe)
    throw cliError("UNSAFE_NAME", `${unsafe.message}; refusing to put them in the first-boot script`, "report it to the template's owners", CLI_EXIT.refused);
  if (fromBase && problems.some((p) => p.code === "NO_PACKAGE_TOOL")) {
    throw cliError(
      "NO_PACKAGE_TOOL",
      `cannot install system packages on base "${env.base}" at launch: its package tool is unknown`,
      "launch in a region with a prebuilt AMI",
      CLI_EXIT.notFound,
    );
  }
}

/**
 * This launch's values in a step. Package specs and configuration lines are data, quoted as a
 * whole where they are used; in post_install each placeholder becomes one single-quoted word.
 */
function bindParameters(step: InstallStep, values: ParamValues): InstallStep {
  const data = (list: readonly string[]) => list.map((s) => substituteData(s, values));
  switch (step.kind) {
    case "system":
    case "conda":
    case "pip":
      return { ...step, packages: data(step.packages) };
    case "spack":
      return { ...step, specs: data(step.specs) };
    case "service-config":
      return { ...step, services: step.services.map((s) => ({ ...s, config: data(s.config) })) };
    case "post-install":
      return { ...step, script: substituteShellWords(step.script, values) };
    case "users":
    case "enable-services":
      return step;
  }
}

export interface EncodedUserData {
  /** What RunInstances takes: base64 of the script, gzip-compressed when that was needed to fit. */
  base64: string;
  /** Size EC2 counts against its 16 KiB limit. */
  bytes: number;
  gzipped: boolean;
}

/** Encodes user data for RunInstances; cloud-init unpacks gzip itself. Throws when even gzip does not fit. */
export function encodeUserData(script: string): EncodedUserData {
  const raw = Buffer.from(script, "utf8");
  if (raw.length <= USER_DATA_LIMIT) return { base64: raw.toString("base64"), bytes: raw.length, gzipped: false };
  const gz = gzipSync(raw, { level: 9 });
  if (gz.length <= USER_DATA_LIMIT) return { base64: gz.toString("base64"), bytes: gz.length, gzipped: true };
  throw cliError(
    "USER_DATA_TOO_LARGE",
    `the generated user data is ${raw.length} bytes (${gz.length} gzipped); EC2 accepts at most ${USER_DATA_LIMIT}`,
    "launch in a region with a prebuilt AMI, or ask the template's owners to shorten post_install",
    CLI_EXIT.failed,
  );
}
