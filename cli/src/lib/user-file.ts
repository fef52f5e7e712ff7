import { existsSync, readFileSync, statSync } from "node:fs";
import { MAX_SOURCE_BYTES } from "../../../core/import/source.js";
import { CLI_EXIT, cliError } from "./errors.js";

/** A text file the user names (a README, a template), read with a size limit. */
export function readUserFile(path: string, what: string, limit = MAX_SOURCE_BYTES): string {
  if (!existsSync(path) || !statSync(path).isFile()) throw cliError("FILE_NOT_FOUND", `${what} ${path} does not exist`, "check the path", CLI_EXIT.usage);
  if (statSync(path).size > limit) throw cliError("FILE_TOO_LARGE", `${what} ${path} is larger than ${limit} bytes`, "is this the right file?", CLI_EXIT.usage);
  return readFileSync(path, "utf8").replace(/^\uFEFF/, "");
}
