/**
 * Hostile Markdown for a template README: each line tries a different way to run script, load
 * a frame or smuggle a dangerous URL. Every payload would set `window.__xss` or open a dialog.
 */
export const XSS_CORPUS = `# Totally normal template

A friendly paragraph with a [safe link](https://example.org/docs) and <b onmouseover="window.__xss='b'">bold</b> text.

<script>window.__xss = "script-block"; alert("script-block")</script>

Inline <script>window.__xss = "script-inline"</script> script and <img src="x" onerror="window.__xss='img'; alert('img')"> image.

<img src="x" onerror="window.__xss='img-block'">

<svg onload="window.__xss='svg'; alert('svg')"><circle r="4"/></svg>

<svg><script>window.__xss='svg-script'</script><animate onbegin="window.__xss='animate'" attributeName="x" dur="1s"/></svg>

<iframe src="javascript:parent.__xss='iframe'"></iframe>

<iframe srcdoc="<script>parent.__xss='srcdoc'</script>"></iframe>

<object data="javascript:window.__xss='object'"></object><embed src="javascript:window.__xss='embed'">

[markdown javascript link](javascript:window.__xss='md-link')
[upper-case scheme](JaVaScRiPt:window.__xss='case')
[entity-encoded](&#106;avascript:window.__xss='entity')
[vbscript](vbscript:msgbox(1))
[data html](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
<javascript:window.__xss='autolink'>

<a href="javascript:window.__xss='raw-a'; alert('raw-a')">raw anchor</a>

<a href="https://example.org" onclick="window.__xss='onclick'">raw anchor with handler</a>

![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIj48L3N2Zz4=)

![remote tracking pixel](https://tracker.example/pixel.png)

<details open ontoggle="window.__xss='details'"><summary>x</summary>y</details>

<form action="javascript:window.__xss='form'"><button formaction="javascript:alert(1)">go</button></form>

<style>body { display: none }</style>

<link rel="stylesheet" href="https://evil.example/x.css">

<meta http-equiv="refresh" content="0;url=javascript:window.__xss='meta'">

<base href="https://evil.example/">

<math><mtext><table><mglyph><style><img src=x onerror="window.__xss='mxss'"></style></mglyph></table></mtext></math>

<div style="background:url(javascript:alert(1))" id="clobber" name="__xss">style and clobbering</div>

\`<script>alert("in code, only text")</script>\`

\`\`\`html
<img src=x onerror="alert('fenced code is text')">
\`\`\`
`;

/** Elements a sanitised README must never contain. */
export const FORBIDDEN_TAGS = ["script", "iframe", "object", "embed", "svg", "math", "style", "link", "meta", "base", "form", "button"];
