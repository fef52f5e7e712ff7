/** What changed between a base commit and the working tree, as plain data for the git-aware rules. */
export interface BaseTemplate {
  folder: string;
  version?: string;
  owners: string[];
}

export interface GitChanges {
  baseRef: string;
  /** Repository-relative paths added, modified or deleted since the base commit. */
  changedPaths: string[];
  /** Template folders in the base commit, with the fields the rules compare. */
  baseTemplates: Map<string, BaseTemplate>;
  /** The editorial files at the base commit, by name (featured.json…), parsed; absent when missing or not JSON. */
  baseEditorial: Map<string, unknown>;
  /** The maintainers listed in the base commit's maintainers.json (never the change's own copy). */
  baseMaintainers: string[];
}
