import { createHash } from "node:crypto";
import { lstat, readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { CwsError, EXIT } from "../errors.js";
import { baseName, isHashedTarget, TIMESTAMP_KEY } from "./classify.js";
import type { LocalObject } from "./plan.js";
import { RESERVED_PREFIX } from "./state.js";

const BUILD_HINT = "run `npm run build` first, or pass --dir with the built tree";

/**
 * Reads the built tree: every regular file with its size and MD5 (what S3 ETags compare with).
 * Refuses trees that could poison the CDN: a hashed copy whose content does not match its name
 * would be cached as immutable for a year.
 */
export async function readLocalTree(dir: string): Promise<LocalObject[]> {
  const rootStat = await lstat(dir).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw new CwsError("PUBLISH_NO_TREE", `${dir} is not a directory with a built tree`, BUILD_HINT, EXIT.usage);
  const objects: LocalObject[] = [];
  await walk(dir, dir, objects);
  if (!objects.some((o) => o.key === TIMESTAMP_KEY)) {
    throw new CwsError("PUBLISH_NO_TREE", `${join(dir, TIMESTAMP_KEY)} is missing, so ${dir} is not a complete signed tree`, BUILD_HINT, EXIT.usage);
  }
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function walk(root: string, dir: string, out: LocalObject[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const key = relative(root, path).split(sep).join("/");
    if (entry.isDirectory()) {
      await walk(root, path, out);
    } else if (entry.isFile()) {
      if (key.startsWith(RESERVED_PREFIX)) {
        throw new CwsError(
          "PUBLISH_RESERVED_KEY",
          `${path}: ${RESERVED_PREFIX} is reserved for the publish state`,
          "rename that folder in the build",
          EXIT.usage,
        );
      }
      out.push(await describe(path, key));
    } else {
      // Symbolic links could publish files from outside the tree; the build writes only regular files.
      throw new CwsError("PUBLISH_NOT_A_FILE", `${path} is not a regular file`, "the built tree must hold only regular files and folders", EXIT.usage);
    }
  }
}

async function describe(path: string, key: string): Promise<LocalObject> {
  const body = await readFile(path);
  const md5 = createHash("md5").update(body).digest("hex");
  if (isHashedTarget(key)) {
    const sha256 = createHash("sha256").update(body).digest("hex");
    if (!baseName(key).startsWith(`${sha256}.`)) {
      throw new CwsError(
        "PUBLISH_HASH_MISMATCH",
        `${path}: content sha256 is ${sha256}, not the one in its name`,
        "rebuild the tree (npm run build); hashed copies are cached as immutable",
        EXIT.usage,
      );
    }
  }
  return { key, size: body.length, md5 };
}

export function readLocalObject(dir: string, key: string): Promise<Buffer> {
  return readFile(join(dir, ...key.split("/")));
}
