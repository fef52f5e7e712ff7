import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PullRequestInput } from "../../core/registry-changes/github.js";
import type { PullRequestList } from "../../core/registry-changes/pull-requests.js";
import { apiUrl } from "../../core/spec/layout.js";
import type { LocalPullRequest } from "../../core/types/generated.js";

/**
 * The local registry's pull requests: one JSON file each under <data>/pull-requests/, so they
 * survive restarts. Opening one tells the listener (local CI); CI moves it through its states.
 */
export class LocalPullRequests implements PullRequestList {
  private origin = "";
  private listener: (pr: LocalPullRequest) => void = () => {};

  constructor(
    readonly dir: string,
    private readonly base = "main",
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** The origin the API answers on (known once the server listens), for each pull request's url. */
  setOrigin(origin: string): void {
    this.origin = origin;
  }

  onOpened(listener: (pr: LocalPullRequest) => void): void {
    this.listener = listener;
  }

  async open(input: PullRequestInput & { author: string }): Promise<LocalPullRequest> {
    const number = this.numbers().reduce((a, b) => Math.max(a, b), 0) + 1;
    const now = new Date().toISOString();
    const pr: LocalPullRequest = {
      number,
      url: apiUrl(this.origin, `/pull-requests/${number}`),
      title: input.title,
      body: input.body,
      head: input.branch,
      base: this.base,
      author: input.author,
      state: "open",
      created_at: now,
      updated_at: now,
      diagnostics: [],
    };
    this.write(pr);
    this.listener(pr);
    return pr;
  }

  async get(number: number): Promise<LocalPullRequest | undefined> {
    const file = this.file(number);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as LocalPullRequest) : undefined;
  }

  async list(): Promise<LocalPullRequest[]> {
    const out: LocalPullRequest[] = [];
    for (const n of this.numbers().sort((a, b) => b - a)) {
      const pr = await this.get(n);
      if (pr) out.push(pr);
    }
    return out;
  }

  /** CI's updates: a new state and what came with it. */
  async update(number: number, patch: Partial<LocalPullRequest>): Promise<LocalPullRequest> {
    const pr = await this.get(number);
    if (!pr) throw new Error(`no local pull request #${number}`);
    const next = { ...pr, ...patch, updated_at: new Date().toISOString() };
    this.write(next);
    return next;
  }

  private numbers(): number[] {
    return readdirSync(this.dir)
      .map((name) => /^(\d+)\.json$/.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
  }

  private file(number: number): string {
    return join(this.dir, `${number}.json`);
  }

  private write(pr: LocalPullRequest): void {
    const tmp = `${this.file(pr.number)}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(pr, null, 2)}\n`);
    renameSync(tmp, this.file(pr.number));
  }
}
