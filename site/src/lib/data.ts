// The data every page renders, loaded once per build: from the tree render-site.ts shares in memory,
// or (astro dev) from a folder.
import config from "virtual:cws-site";
import { useReadmeRenderer } from "../../../core/site/readme-html.js";
import { readSiteData } from "../../../core/site/site-data.js";
import { directorySource, sharedSource } from "../../../core/site/site-inputs.js";

export { config };

useReadmeRenderer(config.readmeRenderer);
/** The tree the site is built from (pages needing a file SiteData does not parse read it here). */
export const source = config.inputs ? sharedSource(config.inputs) : directorySource(config.dataDir ?? ".");
export const data = readSiteData(source, config.siteUrl, config.readmeCacheDir);
