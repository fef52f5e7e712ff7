// npm run resign: refreshes metadata/timestamp.json of a built tree so clients keep accepting it.
import { parseArgs } from "node:util";
import { CwsError, EXIT } from "../core/errors.js";
import { TIMESTAMP_DAYS_ENV } from "../core/tuf/expiry.js";
import { DEV_KEYS_DIR, TUF_KEY_ENV, TUF_ROOT_METADATA_ENV } from "../core/tuf/key-source.js";
import { resignDir } from "../core/tuf/resign.js";
import { runScript } from "./lib/run-script.js";

const USAGE = `Usage: npm run resign -- [options]

Re-signs <dir>/metadata/timestamp.json for the release already in <dir>: same snapshot, a fresh
expiry and a higher version. Run it on a schedule, more often than the timestamp lifetime.

Options:
  --dir <dir>        the built and signed CDN tree (default: dist)
  --keys-dir <dir>   local dev keys, used when no CWS_TUF_* variable is set (default: ${DEV_KEYS_DIR})
  --days <n>         timestamp lifetime in days (default: ${TIMESTAMP_DAYS_ENV} or 7)
  -h, --help         show this help

Environment (CI): ${TUF_KEY_ENV.timestamp} (PKCS#8 PEM or its base64), ${TUF_ROOT_METADATA_ENV} (path of root.json),
${TIMESTAMP_DAYS_ENV}. Only the timestamp key is needed.

Exit status: 0 re-signed, 2 missing files, keys or bad options.`;

await runScript(USAGE, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      dir: { type: "string", default: "dist" },
      "keys-dir": { type: "string", default: DEV_KEYS_DIR },
      days: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(Number.isFinite(days) && days > 0)) {
    throw new CwsError("USAGE", `--days must be a positive number, got "${values.days}"`, "e.g. --days 7", EXIT.usage);
  }
  const result = await resignDir({ dir: values.dir, env: process.env, devDir: values["keys-dir"], ...(days !== undefined ? { timestampDays: days } : {}) });
  process.stdout.write(
    `re-signed ${result.timestampPath}: version ${result.previousVersion} -> ${result.version}, expires ${result.expires} (snapshot version ${result.snapshotVersion})\n`,
  );
  return EXIT.ok;
});
