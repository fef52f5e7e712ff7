import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { ROOT } from "./child.js";
import type { BenchOptions } from "./options.js";
import type { Row } from "./row.js";

export interface MachineInfo {
  node: string;
  platform: string;
  cpuModel: string;
  cpuCount: number;
  totalMemoryBytes: number;
  /** 1/5/15-minute load averages when the run started: other work on a shared machine skews timings. */
  loadAverage: number[];
  date: string;
  commit?: string;
  /** Uncommitted changes in the checkout: the numbers belong to the working tree, not the commit. */
  dirty?: boolean;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  let commit: string | undefined;
  let dirty: boolean | undefined;
  const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  try {
    commit = git("rev-parse", "--short", "HEAD");
    dirty = git("status", "--porcelain", "--untracked-files=no").length > 0;
  } catch {
    // Not a git checkout (a tarball); the report simply has no commit.
  }
  return {
    node: process.version,
    platform: `${platform()} ${release()} ${process.arch}`,
    cpuModel: list[0]?.model ?? "unknown",
    cpuCount: list.length,
    totalMemoryBytes: totalmem(),
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
    ...(commit ? { commit } : {}),
    ...(dirty !== undefined ? { dirty } : {}),
  };
}

export function describeMachine(m: MachineInfo): string {
  return `node ${m.node}, ${m.platform}, ${m.cpuCount} × ${m.cpuModel}, ${(m.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB RAM, load ${m.loadAverage.join("/")}${m.commit ? `, commit ${m.commit}${m.dirty ? " + uncommitted changes" : ""}` : ""}`;
}

export interface CorpusInfo {
  size: number;
  seed: number;
  commonTerm: string;
  generateMs: number;
  topTerms: [string, number][];
}

export interface JsonReport {
  machine: MachineInfo;
  options: Omit<BenchOptions, "only"> & { only: string[] };
  durationMs: number;
  /** Load averages when the run ended. */
  loadAverageAtEnd: number[];
  corpora: CorpusInfo[];
  rows: Row[];
}

export function writeJsonReport(path: string, report: JsonReport): void {
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
