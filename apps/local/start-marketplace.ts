import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { dynamoClient, LOCAL_CREDENTIALS, s3Client } from "../../core/aws/clients.js";
import { runBuild } from "../../core/build/run-build.js";
import { createTables } from "../../core/deploy/create-tables.js";
import { publishTree } from "../../core/deploy/publish-tree.js";
import { findRepoRoot } from "../../core/registry/find-root.js";
import { apiUrl } from "../../core/spec/layout.js";
import { createNodeApiHandler } from "../api/node.js";
import { startCdnServer } from "./cdn-server.js";
import { type ConfigWrite, localHandle, writeLocalCliConfig } from "./cli-config.js";
import { type Emulator, startDynalite, startS3rver } from "./emulators.js";
import { openGitRemote } from "./git-remote.js";
import { LocalCi } from "./local-ci.js";
import { LocalPullRequests } from "./pull-requests.js";

export const LOCAL_BUCKET = "cws-marketplace";

export interface StartOptions {
  registry: string;
  out: string;
  /** Git-ignored folder for emulator data and dev keys; survives restarts. */
  dataDir: string;
  port: number;
  env: Readonly<Record<string, string | undefined>>;
  log?: (line: string) => void;
  /** Write the CLI's config (XDG_CONFIG_HOME/cws/marketplace.json) so cws finds this marketplace with no flags; default true. */
  cliConfig?: boolean;
}

export interface LocalMarketplace {
  url: string;
  /** The registry's git remote (smart HTTP), which publish/update/unpublish/fork push to. */
  gitUrl: string;
  /** POST here to open a pull request; GET it for the list. */
  pullRequestsUrl: string;
  /** The handle the CLI config names. */
  user: string;
  cliConfig?: ConfigWrite;
  /** Waits until local CI has handled every pull request opened so far. */
  ciIdle(): Promise<void>;
  s3Endpoint: string;
  dynamoEndpoint: string;
  rootPath: string;
  built: boolean;
  close(): Promise<void>;
}

/**
 * The whole marketplace on one machine: dynalite and s3rver with on-disk data, a build when the
 * registry changed, a publish to the local bucket through the production publish code, and an
 * HTTP server standing in for CloudFront. Only endpoints and credentials differ from AWS.
 */
export async function startMarketplace(options: StartOptions): Promise<LocalMarketplace> {
  const log = options.log ?? (() => {});
  const data = resolve(options.dataDir);
  const keysDir = join(data, "tuf");
  for (const dir of ["dynamodb", "s3"]) mkdirSync(join(data, dir), { recursive: true });
  const started: Emulator[] = [];
  try {
    const dynamo = await startDynalite({ path: join(data, "dynamodb") });
    started.push(dynamo);
    const s3 = await startS3rver({ directory: join(data, "s3"), buckets: [LOCAL_BUCKET] });
    started.push(s3);
    const dynamoDb = dynamoClient({ endpoint: dynamo.endpoint, credentials: LOCAL_CREDENTIALS });
    await createTables(dynamoDb);

    // The registry as production has it: a git remote, pull requests, and CI that merges and publishes.
    const remote = openGitRemote({ root: join(data, "git"), seed: options.registry });
    const pulls = new LocalPullRequests(join(data, "pull-requests"));
    const s3Local = s3Client({ endpoint: s3.endpoint, credentials: LOCAL_CREDENTIALS });
    let rootPath = join(keysDir, "root.json");
    // The publish workflow's steps (npm run build, then npm run publish), with local endpoints.
    const buildAndPublish = async (registryDir: string): Promise<string> => {
      const summary = await runBuild({
        registry: registryDir,
        out: options.out,
        env: options.env,
        devKeysDir: keysDir,
        dynamo: dynamoDb,
        browserIdentity: "dev-header",
      });
      rootPath = summary.rootPath;
      const result = await publishTree({
        dir: options.out,
        bucket: LOCAL_BUCKET,
        endpoint: s3.endpoint,
        dynamodb: { endpoint: dynamo.endpoint },
        clients: { s3: s3Local, dynamodb: dynamoDb },
      });
      writeFileSync(join(data, "build-fingerprint"), await inputFingerprint([registryDir, "site/src", "site/public"]));
      return `${summary.templates} templates, ${result.plan.totals.uploadCount} objects uploaded, ${result.plan.totals.unchangedCount} unchanged`;
    };
    const ci = new LocalCi({ bare: remote.bare, checkout: join(data, "ci", "registry"), pulls, republish: buildAndPublish, log });
    mkdirSync(join(data, "ci"), { recursive: true });
    ci.sync();

    const fingerprint = await inputFingerprint([ci.registryDir, "site/src", "site/public"]);
    const stampFile = join(data, "build-fingerprint");
    const fresh =
      existsSync(join(options.out, "metadata", "timestamp.json")) &&
      existsSync(stampFile) &&
      readFileSync(stampFile, "utf8") === fingerprint &&
      !expiresSoon(options.out);
    if (!fresh) {
      log("building the registry…");
      // Its API takes the X-CWS-User dev identity, so its site may offer browsers a review form.
      const summary = await runBuild({
        registry: ci.registryDir,
        out: options.out,
        env: options.env,
        devKeysDir: keysDir,
        dynamo: dynamoDb,
        browserIdentity: "dev-header",
      });
      rootPath = summary.rootPath;
      writeFileSync(stampFile, fingerprint);
      log(`built ${summary.templates} templates into ${options.out}/`);
    }
    const result = await publishTree({
      dir: options.out,
      bucket: LOCAL_BUCKET,
      endpoint: s3.endpoint,
      dynamodb: { endpoint: dynamo.endpoint },
      clients: { s3: s3Local, dynamodb: dynamoDb },
    });
    log(`published to the local bucket: ${result.plan.totals.uploadCount} objects uploaded, ${result.plan.totals.unchangedCount} unchanged`);
    // Registry changes through the API push to the local remote and open local pull requests.
    const registryEnv: Record<string, string | undefined> = { CWS_REGISTRY_WORKSPACE_DIR: join(data, "api-workspace") };
    // The live API answers first; plain GETs of paths the tree serves fall through to the CDN.
    const api = createNodeApiHandler({ client: dynamoDb, registryEnv, pullRequests: pulls });
    const before = async (req: Parameters<typeof api>[0], res: Parameters<typeof api>[1]) => (await remote.handle(req, res)) || api(req, res);
    const server = await startCdnServer({ s3: s3Local, bucket: LOCAL_BUCKET, port: options.port, before });
    pulls.setOrigin(server.url);
    const gitUrl = remote.urlOn(server.url);
    registryEnv.CWS_REGISTRY_REPO = gitUrl;
    pulls.onOpened((pr) => void ci.enqueue(pr));
    // Pull requests a previous run left unchecked (stopped mid-check) are checked again.
    for (const pr of await pulls.list()) if (pr.state === "open" || pr.state === "checking") void ci.enqueue(pr);
    const pullRequestsUrl = apiUrl(server.url, "/pull-requests");
    const user = localHandle(options.env);
    const cliConfig =
      options.cliConfig === false
        ? undefined
        : writeLocalCliConfig({ url: server.url, trustedRoot: resolve(rootPath), registryRepo: gitUrl, pullRequestsUrl, user }, options.env);
    return {
      url: server.url,
      gitUrl,
      pullRequestsUrl,
      user,
      ...(cliConfig ? { cliConfig } : {}),
      ciIdle: () => ci.idle(),
      s3Endpoint: s3.endpoint,
      dynamoEndpoint: dynamo.endpoint,
      rootPath: resolve(rootPath),
      built: !fresh,
      close: async () => {
        await server.close();
        await ci.idle();
        for (const e of started.reverse()) await e.close();
      },
    };
  } catch (error) {
    for (const e of started.reverse()) await e.close().catch(() => {});
    throw error;
  }
}

/** What the built tree depends on locally: registry and site sources, and the commit (for history). */
async function inputFingerprint(dirs: string[]): Promise<string> {
  const hash = createHash("sha256");
  const walk = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(join(path, name));
      return;
    }
    hash.update(`${path}\0`);
    hash.update(readFileSync(path));
  };
  for (const dir of dirs) walk(dir);
  const root = await findRepoRoot(dirs[0] ?? ".");
  if (root) {
    const head = join(root.repo, ".git", "HEAD");
    if (existsSync(head)) hash.update(readFileSync(head));
    const ref = /^ref: (.+)$/m.exec(existsSync(head) ? readFileSync(head, "utf8") : "")?.[1];
    if (ref && existsSync(join(root.repo, ".git", ref))) hash.update(readFileSync(join(root.repo, ".git", ref)));
  }
  return hash.digest("hex");
}

/** A tree whose timestamp lapses within a day is rebuilt, so local clients never see it expire. */
function expiresSoon(out: string): boolean {
  try {
    const ts = JSON.parse(readFileSync(join(out, "metadata", "timestamp.json"), "utf8")) as { signed?: { expires?: string } };
    return Date.parse(ts.signed?.expires ?? "") - Date.now() < 24 * 3600 * 1000;
  } catch {
    return true;
  }
}
