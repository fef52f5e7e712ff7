// npm run keys: local TUF signing keys for development, and the CI secrets derived from them.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { EXIT } from "../core/errors.js";
import { DEV_KEYS_DIR, ensureDevKeys, ONLINE_ROLES, TUF_KEY_ENV, TUF_ROOT_METADATA_ENV } from "../core/tuf/key-source.js";
import { runScript } from "./lib/run-script.js";

const USAGE = `Usage: npm run keys -- [options]

Creates Ed25519 TUF keys (root, targets, snapshot, timestamp) and a root.json signed by the root
key under --dir, unless they already exist, and prints where root.json is. Clients trust that
root.json; keep the folder out of git (${DEV_KEYS_DIR} is ignored).

Options:
  --dir <dir>     key folder (default: ${DEV_KEYS_DIR})
  --print-env     print shell export lines for the CI secrets (${ONLINE_ROLES.map((role) => TUF_KEY_ENV[role]).join(", ")},
                  ${TUF_ROOT_METADATA_ENV}). THE OUTPUT CONTAINS PRIVATE KEYS: do not run it where output is logged.
  -h, --help      show this help`;

await runScript(USAGE, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      dir: { type: "string", default: DEV_KEYS_DIR },
      "print-env": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const dev = await ensureDevKeys(values.dir);
  const rootPath = resolve(dev.rootPath);
  if (!values["print-env"]) {
    process.stdout.write(`${dev.created ? "created" : "using existing"} TUF keys in ${resolve(dev.dir)}\nroot.json: ${rootPath}\n`);
    return EXIT.ok;
  }
  // The one place private keys are printed, because the user asked for exactly that.
  process.stderr.write("warning: the lines below contain private signing keys; store them as CI secrets and clear your terminal\n");
  const lines = [`# TUF signing secrets from ${resolve(dev.dir)}; the root key (${resolve(dev.keyPaths.root)}) stays offline.`];
  for (const role of ONLINE_ROLES) {
    const pem = await readFile(dev.keyPaths[role], "utf8");
    lines.push(`export ${TUF_KEY_ENV[role]}=${shellQuote(Buffer.from(pem).toString("base64"))}`);
  }
  lines.push(`export ${TUF_ROOT_METADATA_ENV}=${shellQuote(rootPath)}`);
  process.stdout.write(`${lines.join("\n")}\n`);
  return EXIT.ok;
});

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
