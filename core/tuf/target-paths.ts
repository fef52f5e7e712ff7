import { TUF_ERROR, tufError } from "./errors.js";

/** The folder that holds TUF metadata; nothing in it is a target. */
export const METADATA_DIR = "metadata";

// tuf-js builds target URLs by string concatenation and new URL(), so characters that URLs
// treat specially would silently fetch a different file.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE = /[\\?#%\u0000-\u001f\u007f]/;

/** Throws unless the path is a clean POSIX relative path that may be published as a target. */
export function checkTargetPath(path: string): void {
  const fail = (why: string): never => {
    throw tufError(TUF_ERROR.targetPath, `cannot sign target "${path}": ${why}`, "targets are POSIX paths relative to the CDN root, outside metadata/");
  };
  if (path === "" || path.startsWith("/")) fail("it must be a relative path");
  if (UNSAFE.test(path)) fail("it contains a backslash, ?, #, % or a control character");
  if (path.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) fail("it has an empty, . or .. segment");
  if (path === METADATA_DIR || path.startsWith(`${METADATA_DIR}/`)) fail("metadata/ is reserved for TUF metadata");
}

/**
 * The name tuf-js downloads when consistent_snapshot is on: the first listed hash, a dot, then
 * the file name, in the same folder (tuf-js Updater.downloadTarget).
 */
export function hashPrefixedPath(path: string, sha256: string): string {
  const slash = path.lastIndexOf("/");
  return `${path.slice(0, slash + 1)}${sha256}.${path.slice(slash + 1)}`;
}
