/// <reference types="astro/client" />

// Provided by core/site/render-site.ts (or, for `astro dev`, by site/astro.config.mjs).
declare module "virtual:cws-site" {
  const config: {
    dataDir: string;
    siteUrl: string;
    /** Set only by astro.config.mjs's fallback for `astro dev`. */
    devServer?: boolean;
  };
  export default config;
}
