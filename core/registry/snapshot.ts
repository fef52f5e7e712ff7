/** What a registry looks like on disk, as plain data, so every check is a pure function of it. */
export type EntryKind = "file" | "symlink" | "directory" | "other";

export interface RegistryEntry {
  /** Repository-relative POSIX path, such as registry/templates/foo/template.json. */
  path: string;
  kind: EntryKind;
  size: number;
  /** File contents; absent for files too large to read, for screenshots and for non-files. */
  bytes?: Uint8Array;
  /**
   * Reads the contents, in a lazy snapshot instead of bytes (throws as readFileSync does), so a
   * validator can stream a large registry rather than hold every file.
   */
  read?: () => Uint8Array;
  /** Why the entry could not be read, when it could not. */
  error?: string;
}

export interface RegistrySnapshot {
  /** Repository-relative path of the registry folder, such as "registry". */
  root: string;
  entries: RegistryEntry[];
}

export const LIMITS = {
  templateJson: 256 * 1024,
  docs: 1024 * 1024,
  screenshot: 2 * 1024 * 1024,
  registryFile: 1024 * 1024,
} as const;

export const TEMPLATE_FILE = "template.json";
export const DOCS_FILE = "README.md";
export const SCREENSHOT = /^screenshots\/[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.(?:png|jpe?g|webp)$/;
export const REGISTRY_FILES = ["categories.json", "featured.json", "maintainers.json", "README.md"] as const;
/** Registry files only the maintainers may change (rule CWS407); CODEOWNERS says the same. */
export const EDITORIAL_FILES = ["categories.json", "featured.json", "maintainers.json"] as const;
