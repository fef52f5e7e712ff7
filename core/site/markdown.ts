import type { Element, ElementContent, Root, RootContent } from "hast";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";

export interface MarkdownOptions {
  /**
   * Site path that plain relative image paths resolve against, such as `/templates/<id>/` so a
   * README's `screenshots/a.png` shows the published screenshot. Without it, relative images
   * become links like every other image.
   */
  imageBase?: string;
  /**
   * Levels to push every heading down, so user headings nest under the page's own (a README's
   * `##` under the page's "Documentation" h2 becomes an h3). Capped at h6.
   */
  headingOffset?: number;
  /** Drops a leading h1 with this text (a README that opens with the template's name, already the page title). */
  dropTitle?: string;
}

/** What every link written by a user carries: no SEO credit, marked as user content, no opener access. */
export const USER_LINK_REL = "nofollow ugc noopener";

/** The sanitizer prefixes every id (so user content cannot clobber page globals); in-page links must follow. */
const CLOBBER_PREFIX = defaultSchema.clobberPrefix ?? "user-content-";
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/**
 * Renders untrusted Markdown (a template README, a review) to safe HTML, on the server.
 *
 * Raw HTML in the Markdown is dropped (remark-rehype runs without allowDangerousHtml), and
 * rehype-sanitize with GitHub's schema runs after every plugin that can create elements, so
 * nothing that plugin order adds escapes it. The link policy runs last because it only ever
 * removes hrefs and adds `rel`, which the schema would otherwise strip.
 */
export function renderMarkdown(markdown: string, options: MarkdownOptions = {}): string {
  // One frozen processor for every call: building it (and GFM's micromark extensions) per
  // README was a measurable share of the site build. Per-call options travel in the file's data.
  return String(processor.processSync({ value: markdown, data: { [OPTIONS_KEY]: options } }));
}

const OPTIONS_KEY = "cwsMarkdownOptions";

/** The part of a vfile the plugins read (vfile itself is only a dependency of unified). */
interface FileData {
  data: Record<string, unknown>;
}

function optionsOf(file: FileData): MarkdownOptions {
  return (file.data[OPTIONS_KEY] as MarkdownOptions | undefined) ?? {};
}

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  // Ids get their user-content- prefix once, from the sanitizer; the link policy prefixes fragment links to match.
  .use(remarkRehype, { clobberPrefix: "" })
  .use(rehypeImages)
  .use(rehypeHeadings)
  .use(rehypeSanitize, defaultSchema)
  .use(rehypeLinkPolicy)
  .use(rehypeStringify)
  .freeze();

/**
 * The site's CSP allows images only from itself, so a remote image would show as broken: it
 * becomes a link to the image instead (the link policy then vets its URL). Relative paths
 * resolve against `imageBase` when one is given, where published screenshots live.
 */
function rehypeImages() {
  return (tree: Root, file: FileData) => {
    const options = optionsOf(file);
    mapElements(tree, (node) => {
      if (node.tagName !== "img") return node;
      const src = typeof node.properties.src === "string" ? node.properties.src : "";
      const alt = typeof node.properties.alt === "string" && node.properties.alt.trim() ? node.properties.alt : "image";
      if (options.imageBase && isPlainRelative(src)) {
        return { ...node, properties: { ...node.properties, src: `${options.imageBase}${src.replace(/^\.\//, "")}` } };
      }
      return { type: "element", tagName: "a", properties: { href: src }, children: [{ type: "text", value: `[image: ${alt}]` }] };
    });
  };
}

function rehypeHeadings() {
  return (tree: Root, file: FileData) => {
    const options = optionsOf(file);
    const offset = options.headingOffset ?? 0;
    const title = options.dropTitle ? normalise(options.dropTitle) : undefined;
    const first = tree.children.find((n) => n.type === "element");
    if (title && first?.type === "element" && first.tagName === "h1" && normalise(textOf(first)) === title) {
      tree.children.splice(tree.children.indexOf(first), 1);
    }
    if (offset === 0) return;
    mapElements(tree, (node) => {
      const level = /^h([1-6])$/.exec(node.tagName)?.[1];
      return level ? { ...node, tagName: `h${Math.min(6, Number(level) + offset)}` } : node;
    });
  };
}

function textOf(node: Element | ElementContent): string {
  if (node.type === "text") return node.value;
  return node.type === "element" ? node.children.map(textOf).join("") : "";
}

function normalise(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

/** Only http(s) and mailto links survive, plus in-page fragments (footnotes); every outside link gets the user-link rel. */
function rehypeLinkPolicy() {
  return (tree: Root) => {
    mapElements(tree, (node) => {
      if (node.tagName !== "a") return node;
      const href = typeof node.properties.href === "string" ? node.properties.href : undefined;
      const { href: _dropped, rel: _rel, target: _target, ...rest } = node.properties;
      if (href?.startsWith("#"))
        return { ...node, properties: { ...rest, href: `#${CLOBBER_PREFIX}${href.slice(1).replace(new RegExp(`^${CLOBBER_PREFIX}`), "")}` } };
      if (href && allowedUrl(href)) return { ...node, properties: { ...rest, href, rel: USER_LINK_REL.split(" ") } };
      // A link to nowhere is still readable text, so keep the children and drop the element.
      return { ...node, tagName: "span", properties: {} };
    });
  };
}

function allowedUrl(href: string): boolean {
  try {
    return LINK_PROTOCOLS.has(new URL(href).protocol);
  } catch {
    return false; // relative or malformed: it would resolve against the catalog page, not the author's site
  }
}

function isPlainRelative(src: string): boolean {
  return /^(\.\/)?[A-Za-z0-9_-][A-Za-z0-9._/-]*$/.test(src) && !src.split("/").includes("..");
}

/** Passes every element through `fn`, parents first; the result replaces the node and its children are walked next. */
function mapElements(tree: Root, fn: (node: Element) => Element): void {
  const walk = (children: (RootContent | ElementContent)[]) => {
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child?.type !== "element") continue;
      const mapped = fn(child);
      children[i] = mapped;
      walk(mapped.children);
    }
  };
  walk(tree.children);
}
