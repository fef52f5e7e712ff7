import { describe, expect, it } from "vitest";
import { renderMarkdown, USER_LINK_REL } from "../../core/site/markdown.js";
import { FORBIDDEN_TAGS, XSS_CORPUS } from "./xss-corpus.js";

describe("renderMarkdown", () => {
  it("renders GitHub-flavoured Markdown: tables, task lists, code, autolinks", () => {
    const html = renderMarkdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n\n```sh\nls -l\n```\n\nsee www.example.org");
    expect(html).toContain('<th align="left">a</th>');
    expect(html).toContain('<input type="checkbox" checked disabled>');
    expect(html).toContain('<code class="language-sh">ls -l\n</code>');
    expect(html).toContain(`<a href="http://www.example.org" rel="${USER_LINK_REL}">www.example.org</a>`);
  });

  it("drops every tag, handler and URL the XSS corpus tries", () => {
    const html = renderMarkdown(XSS_CORPUS);
    for (const tag of FORBIDDEN_TAGS) expect(html, tag).not.toMatch(new RegExp(`<${tag}[\\s>/]`, "i"));
    // Attributes are checked inside real tags only: the code samples hold the same text, escaped.
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    for (const tag of tags) {
      expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
      expect(tag).not.toMatch(/(href|src|action|formaction|data)\s*=\s*"?\s*(javascript|vbscript|data):/i);
      expect(tag).not.toMatch(/\s(style|name)=/i);
    }
    // Text that merely mentions script survives only as escaped text.
    expect(html).toContain("&#x3C;script>alert(");
  });

  it("keeps only http(s) and mailto links, each with the user-link rel", () => {
    const html = renderMarkdown(
      "[a](https://a.example) [b](http://b.example) [c](mailto:x@y.example) [d](ftp://d.example) [e](./docs/setup.md) [f](//evil.example)",
    );
    const links = [...html.matchAll(/<a ([^>]*)>/g)].map((m) => m[1]);
    expect(links).toEqual([
      `href="https://a.example" rel="${USER_LINK_REL}"`,
      `href="http://b.example" rel="${USER_LINK_REL}"`,
      `href="mailto:x@y.example" rel="${USER_LINK_REL}"`,
    ]);
    expect(html).toContain("<span>d</span>");
    expect(html).toContain("<span>e</span>");
  });

  it("prefixes ids against DOM clobbering and keeps footnote links working", () => {
    const html = renderMarkdown("Claim[^1] and [jump](#user-content-fn-1).\n\n[^1]: Source.");
    expect(html).toContain('id="user-content-fn-1"');
    expect(html).toContain('href="#user-content-fn-1"');
    expect(html).not.toContain("user-content-user-content-");
  });

  it("turns remote and data images into links (the CSP allows only own images), resolving local ones", () => {
    const html = renderMarkdown("![chart](https://img.example/c.png) ![x](data:image/png;base64,AA) ![shot](screenshots/a.png) ![up](../x.png)", {
      imageBase: "/templates/t/",
    });
    expect(html).toContain(`<a href="https://img.example/c.png" rel="${USER_LINK_REL}">[image: chart]</a>`);
    expect(html).toContain("<span>[image: x]</span>");
    expect(html).toContain('<img src="/templates/t/screenshots/a.png" alt="shot">');
    expect(html).toContain("<span>[image: up]</span>");
  });

  it("nests user headings under the page's and drops a title that repeats the page's", () => {
    const html = renderMarkdown("# My Template\n\nIntro\n\n## Setup\n\n###### Deep", { headingOffset: 1, dropTitle: "my  template" });
    expect(html).not.toContain("My Template");
    expect(html).toContain("<h3>Setup</h3>");
    expect(html).toContain("<h6>Deep</h6>");
    expect(renderMarkdown("# Other title", { dropTitle: "My Template" })).toContain("<h1>Other title</h1>");
  });
});
