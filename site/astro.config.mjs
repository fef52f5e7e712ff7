// Astro configuration for the catalog site. core/site/render-site.ts builds it programmatically
// with the data directory injected; everything here is what every build shares.
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
  prefetch: false,
  vite: {
    build: {
      // The CSP allows scripts only from files: Astro inlines scripts below this size, so never.
      assetsInlineLimit: 0,
    },
    // Nothing is fetched at build time; keep Vite from touching the network or a shared cache.
    logLevel: "error",
    clearScreen: false,
  },
});
