import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Each test file gets its own user config, cache and state folders: `npm start` writes a CLI config,
// and one file's must never become another's (or the real user's) settings.
const home = mkdtempSync(join(tmpdir(), "cws-test-home-"));
process.env.XDG_CONFIG_HOME = join(home, "config");
process.env.XDG_CACHE_HOME = join(home, "cache");
process.env.XDG_STATE_HOME = join(home, "state");
