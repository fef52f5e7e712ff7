import type { CommandSpec } from "../lib/command.js";

/**
 * Every command: its words, its one-line description (the only place it is written: --help of
 * `cws`, `cws marketplace` and the command itself all show this text) and a lazy loader.
 */
export interface LazyCommand {
  path: [string] | [string, string];
  describe: string;
  load: () => Promise<{ command: CommandSpec }>;
}

// Only the command being run is imported, so `cws marketplace search` never loads the AWS SDK.
export const COMMANDS: LazyCommand[] = [
  { path: ["marketplace", "list"], describe: "List templates, with filters and sorting", load: () => import("./marketplace/list.js") },
  {
    path: ["marketplace", "search"],
    describe: "Search templates by name, tags, description, author and category",
    load: () => import("./marketplace/search.js"),
  },
  { path: ["marketplace", "info"], describe: "Show everything about one template, and how to launch it", load: () => import("./marketplace/info.js") },
  {
    path: ["marketplace", "diff"],
    describe: "Show what changed between two versions of a template, or between a fork and its parent",
    load: () => import("./marketplace/diff.js"),
  },
  {
    path: ["marketplace", "cite"],
    describe: "Print a citation of an exact template version (BibTeX, CFF, RIS or APA)",
    load: () => import("./marketplace/cite.js"),
  },
  { path: ["marketplace", "featured"], describe: "Show the editors' featured templates", load: () => import("./marketplace/featured.js") },
  {
    path: ["marketplace", "trending"],
    describe: "Show the most launched and downloaded templates lately",
    load: () => import("./marketplace/trending.js"),
  },
  { path: ["marketplace", "categories"], describe: "List categories with their template counts", load: () => import("./marketplace/categories.js") },
  {
    path: ["marketplace", "review"],
    describe: "Review a template you used (one review per user per template; --edit changes yours)",
    load: () => import("./marketplace/review.js"),
  },
  {
    path: ["marketplace", "reviews"],
    describe: "Read a template's reviews and rating breakdown (live)",
    load: () => import("./marketplace/reviews.js"),
  },
  {
    path: ["marketplace", "report"],
    describe: "Report a template, or one of its reviews (--review), to the moderators",
    load: () => import("./marketplace/report.js"),
  },
  {
    path: ["marketplace", "publish"],
    describe: "Publish a running workstation, or a template file, as a pull request to the registry",
    load: () => import("./marketplace/publish.js"),
  },
  {
    path: ["marketplace", "update"],
    describe: "Change a template you own: edit fields, bump the version, add a changelog entry",
    load: () => import("./marketplace/update.js"),
  },
  {
    path: ["marketplace", "unpublish"],
    describe: "Deprecate (or --archive) a template you own; templates are never deleted",
    load: () => import("./marketplace/unpublish.js"),
  },
  {
    path: ["marketplace", "fork"],
    describe: "Copy a template to a new id that you own, as a pull request",
    load: () => import("./marketplace/fork.js"),
  },
  {
    path: ["marketplace", "my-publications"],
    describe: "List the templates you own or authored, and your changes still under review",
    load: () => import("./marketplace/my-publications.js"),
  },
  { path: ["launch"], describe: "Launch a workstation from a template (marketplace:<id>[@version])", load: () => import("./launch.js") },
];
