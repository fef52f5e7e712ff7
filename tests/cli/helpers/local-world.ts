// A researcher's world for the installed CLI: the seeded registry built and signed into a tree
// served on loopback (its registry a git checkout, as in production), the live API (dev-header
// identity, dynalite), a git server holding the registry repository, EC2 and SSM fakes over
// HTTP, and a home folder whose config file is the one thing the user set up once.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type RunningApi, startApiServer } from "../../../apps/api/node.js";
import { runBuild } from "../../../core/build/run-build.js";
import { type Community, seedTemplate, startCommunity } from "../../api/helpers.js";
import { ROOT, tempDir } from "../../helpers/run.js";
import { GitServer, gitCli } from "../../registry-changes/helpers/git-server.js";
import { type StaticServer, startStaticServer } from "../../tuf/helpers/static-server.js";
import { userHome } from "../helpers.js";
import { type AwsHttpFake, startAwsHttpFake } from "./aws-http-fake.js";
import { GENOMICS_AMI, OWNER, writeGenomicsAmiState } from "./ec2-fake.js";

/** The publisher of genomics-pipeline-v3, the configured user of `env`. */
export const USER = "research-lab-genomics";
/** A researcher who launches and reviews templates. */
export const READER = "jdoe-lab";
export const GIT_TOKEN = "ghp_InstalledCliTestToken0123456789ab";

export interface LocalWorld {
  market: StaticServer;
  api: RunningApi;
  community: Community;
  git: GitServer;
  repo: { url: string; bare: string; mainOid: string };
  aws: AwsHttpFake;
  /** HOME and XDG folders with the config file; the registry token (never in the file). */
  env: Record<string, string>;
  /** env plus AWS credentials and the EC2/SSM fakes, for publish <instance> and a real launch. */
  awsEnv: Record<string, string>;
  /** Another user's home, configured the same way with "user": user. */
  homeFor(user: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startLocalWorld(): Promise<LocalWorld> {
  const dir = tempDir("cws-world-");
  const checkout = join(dir, "checkout");
  mkdirSync(checkout);
  cpSync(join(ROOT, "registry"), join(checkout, "registry"), { recursive: true });
  // Imported in one commit, as a registry often is: git dates every version the same.
  gitCli(checkout, "init", "-q", "-b", "main");
  gitCli(checkout, "add", "-A");
  gitCli(checkout, "commit", "-q", "-m", "Import the registry");
  const amiState = writeGenomicsAmiState(join(dir, "ami-state.json"));
  const out = join(dir, "out");
  const summary = await runBuild({ registry: join(checkout, "registry"), out, env: {}, devKeysDir: join(dir, "keys"), amiState, site: false });
  const market = await startStaticServer(out);

  const community = await startCommunity("inst-");
  await seedTemplate(community, { template_id: "genomics-pipeline-v3", author: USER });
  const api = await startApiServer({ client: community.client, tablePrefix: community.prefix });
  const git = await new GitServer(GIT_TOKEN).start();
  const repo = git.newRepo();
  const aws = await startAwsHttpFake({
    instances: [
      {
        id: "i-0aaaabbbbcccc0001",
        name: "my-instance",
        instanceType: "g6.xlarge",
        architecture: "x86_64",
        tags: { "cws:template": "pytorch-gpu-workstation", "cws:template-version": "4.1.0" },
        ports: [22, 8888],
      },
    ],
    images: [{ id: GENOMICS_AMI, owner: OWNER, architecture: "x86_64" }],
  });

  const homeFor = (user: string) => {
    const home = userHome();
    const configDir = join(home.XDG_CONFIG_HOME ?? "", "cws");
    mkdirSync(configDir, { recursive: true });
    writeFileSync(
      join(configDir, "marketplace.json"),
      JSON.stringify({
        registries: [{ name: "local", url: market.url, trusted_root: summary.rootPath }],
        api_url: api.url,
        user,
        registry_repo: repo.url,
        region: "us-east-1",
      }),
    );
    return { ...home, CWS_REGISTRY_TOKEN: GIT_TOKEN, AWS_EC2_METADATA_DISABLED: "true" };
  };
  // No AWS credentials anywhere: no ~/.aws (HOME is empty), no instance metadata to ask.
  const env = homeFor(USER);
  const awsEnv = { ...env, AWS_ACCESS_KEY_ID: "AKIDINSTALLEDTEST", AWS_SECRET_ACCESS_KEY: "test", CWS_EC2_ENDPOINT: aws.url, CWS_SSM_ENDPOINT: aws.url };
  return {
    market,
    api,
    community,
    git,
    repo,
    aws,
    env,
    awsEnv,
    homeFor,
    close: async () => {
      await Promise.allSettled([market.close(), aws.close(), git.close(), api.close(), community.close()]);
    },
  };
}
