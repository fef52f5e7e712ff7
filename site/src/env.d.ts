/// <reference types="astro/client" />

// Provided by core/site/render-site.ts (or, for `astro dev`, by site/astro.config.mjs).
declare module "virtual:cws-site" {
  const config: {
    /** The in-memory tree render-site.ts shares for this build (core/site/site-inputs.ts). */
    inputs?: string;
    /** A folder laid out like the CDN tree, for `astro dev`. */
    dataDir?: string;
    siteUrl: string;
    /** Where rendered README HTML is kept between builds (core/site/readme-html.ts); none renders afresh. */
    readmeCacheDir?: string;
    /** The README renderer's identity, hashed from its sources where they are (core/site/readme-html.ts). */
    readmeRenderer?: string;
    /** Set only by astro.config.mjs's fallback for `astro dev`. */
    devServer?: boolean;
  };
  export default config;
}
