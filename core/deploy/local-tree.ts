import { createHash } from "node:crypto";
import { lstat, readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { MANIFEST_PATH, parseManifest } from "../build/manifest.js";
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

/**
 * The tree as its build manifest describes it (MANIFEST_PATH), without reading or hashing a
 * file; undefined when the tree has no manifest (built by hand or by an older build). The same
 * refusals as readLocalTree apply to the names; readVerifiedObject checks the bytes of what is
 * actually uploaded.
 */
export async function readManifestTree(dir: string): Promise<LocalObject[] | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, ...MANIFEST_PATH.split("/")), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const where = join(dir, MANIFEST_PATH);
  const manifest = parseManifest(text, where);
  const objects: LocalObject[] = [];
  for (const [key, e] of manifest.files) {
    if (key.startsWith(RESERVED_PREFIX) || key.split("/").some((part) => part === "" || part === "." || part === "..")) {
      throw new CwsError("PUBLISH_RESERVED_KEY", `${where}: ${key} is not a publishable key`, "rebuild the tree (npm run build)", EXIT.usage);
    }
    if (isHashedTarget(key) && !baseName(key).startsWith(`${e.sha256}.`)) {
      throw new CwsError(
        "PUBLISH_HASH_MISMATCH",
        `${where}: ${key} has sha256 ${e.sha256}, not the one in its name`,
        "rebuild the tree (npm run build)",
        EXIT.usage,
      );
    }
    objects.push({ key, size: e.size, md5: e.md5, sha256: e.sha256 });
  }
  if (!objects.some((o) => o.key === TIMESTAMP_KEY)) {
    throw new CwsError("PUBLISH_NO_TREE", `${where} lists no ${TIMESTAMP_KEY}, so ${dir} is not a complete signed tree`, BUILD_HINT, EXIT.usage);
  }
  return objects;
}

/** An object's bytes, refused unless they are the ones the manifest promised (a tree edited after the build). */
export async function readVerifiedObject(dir: string, object: LocalObject): Promise<Buffer> {
  const body = await readLocalObject(dir, object.key);
  const md5 = createHash("md5").update(body).digest("hex");
  if (body.length !== object.size || md5 !== object.md5) {
    throw new CwsError(
      "PUBLISH_TREE_CHANGED",
      `${join(dir, object.key)} changed after the build (its size or MD5 is not the manifest's)`,
      "rebuild the tree (npm run build) instead of editing it",
      EXIT.usage,
    );
  }
  return body;
}
