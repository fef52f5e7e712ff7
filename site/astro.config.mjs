// Astro configuration for the catalog site. core/site/render-site.ts builds it programmatically
// and injects the data directory; everything here is what every build shares. For page work,
// `CWS_SITE_DATA=../dist npx astro dev` (in site/) renders against a tree from `npm run build`
// (see README.md for the variables that keep dev mode offline).
import { resolve } from "node:path";
import { defineConfig } from "astro/config";

export default defineConfig({
  output: "static",
  // Pages are folders (templates/<id>/index.html): the CDN answers P and P/ with P/index.html.
  trailingSlash: "always",
  build: {
    format: "directory",
    // The CSP allows styles only from files: never inline a stylesheet, however small.
    inlineStylesheets: "never",
    assets: "_astro",
  },
  compressHTML: true,
  devToolbar: { enabled: false },
  vite: {
    // The CSP allows scripts only from files, and Astro inlines scripts smaller than this: never.
    build: { assetsInlineLimit: 0 },
    clearScreen: false,
    plugins: [devDataModule()],
  },
});

/** `astro dev` fallback for the data module that render-site.ts provides (its plugin runs first). */
function devDataModule() {
  const id = "virtual:cws-site";
  return {
    name: "cws-site-config-dev",
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load: (source) =>
      source === `\0${id}`
        ? `export default ${JSON.stringify({
            dataDir: resolve(process.env.CWS_SITE_DATA ?? "../dist"),
            siteUrl: process.env.CWS_SITE_URL ?? "http://localhost:4321",
            devServer: true,
          })};`
        : undefined,
  };
}
