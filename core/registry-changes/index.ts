/**
 * Registry changes as pure functions: the registry's files in, the changed files out. The CLI
 * (cws marketplace publish/update/unpublish/fork) and the API's POST/PUT/DELETE/fork endpoints
 * call these same functions; only where the files come from and go to differs. Nothing here does
 * IO: submit.ts, workspace.ts, github.ts and ec2.ts are the edges.
 */
export { unifiedDiff } from "./diff.js";
export { formatTemplate, readTemplate, templateIds } from "./files.js";
export { FIRST_VERSION, type ForkOptions, forkTemplate } from "./fork.js";
export { myPublications, type Publication } from "./publications.js";
export { applyMetadata, type PublishMetadata, type PublishOptions, publishTemplate, splitList } from "./publish.js";
export {
  type CapturedImage,
  publishFromInstance,
  type Scaffold,
  type ScaffoldOptions,
  scaffoldFromInstance,
  TEMPLATE_TAG,
  TEMPLATE_VERSION_TAG,
  type WorkstationFacts,
} from "./scaffold.js";
export { type FieldEdit, parseSet, parseUnset } from "./set-path.js";
export type { ChangeKind, ChangeNote, ChangeVerb, FileChange, RegistryChange, RegistryFiles } from "./types.js";
export { type UnpublishOptions, unpublishTemplate } from "./unpublish.js";
export { type UpdateOptions, updateTemplate } from "./update.js";
export { BUMPS, type Bump, bumpVersion } from "./version.js";
