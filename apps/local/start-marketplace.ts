import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { dynamoClient, LOCAL_CREDENTIALS, s3Client } from "../../core/aws/clients.js";
import { runBuild } from "../../core/build/run-build.js";
import { createTables } from "../../core/deploy/create-tables.js";
import { publishTree } from "../../core/deploy/publish-tree.js";
import { findRepoRoot } from "../../core/registry/find-root.js";
import { createNodeApiHandler } from "../api/node.js";
import { startCdnServer } from "./cdn-server.js";
import { type Emulator, startDynalite, startS3rver } from "./emulators.js";

export const LOCAL_BUCKET = "cws-marketplace";

export interface StartOptions {
  registry: string;
  out: string;
  /** Git-ignored folder for emulator data and dev keys; survives restarts. */
  dataDir: string;
  port: number;
  env: Readonly<Record<string, string | undefined>>;
  log?: (line: string) => void;
}

export interface LocalMarketplace {
  url: string;
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

    const fingerprint = await inputFingerprint([options.registry, "site/src", "site/public"]);
    const stampFile = join(data, "build-fingerprint");
    const fresh =
      existsSync(join(options.out, "metadata", "timestamp.json")) &&
      existsSync(stampFile) &&
      readFileSync(stampFile, "utf8") === fingerprint &&
      !expiresSoon(options.out);
    let rootPath = join(keysDir, "root.json");
    if (!fresh) {
      log("building the registry…");
      // Its API takes the X-CWS-User dev identity, so its site may offer browsers a review form.
      const summary = await runBuild({
        registry: options.registry,
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
    const s3Local = s3Client({ endpoint: s3.endpoint, credentials: LOCAL_CREDENTIALS });
    const result = await publishTree({
      dir: options.out,
      bucket: LOCAL_BUCKET,
      endpoint: s3.endpoint,
      dynamodb: { endpoint: dynamo.endpoint },
      clients: { s3: s3Local, dynamodb: dynamoDb },
    });
    log(`published to the local bucket: ${result.plan.totals.uploadCount} objects uploaded, ${result.plan.totals.unchangedCount} unchanged`);
    // The live API answers first; plain GETs of paths the tree serves fall through to the CDN.
    const api = createNodeApiHandler({ client: dynamoDb });
    const server = await startCdnServer({ s3: s3Local, bucket: LOCAL_BUCKET, port: options.port, before: api });
    return {
      url: server.url,
      s3Endpoint: s3.endpoint,
      dynamoEndpoint: dynamo.endpoint,
      rootPath: resolve(rootPath),
      built: !fresh,
      close: async () => {
        await server.close();
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
