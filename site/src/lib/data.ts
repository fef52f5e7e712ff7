// The data every page renders, loaded once per build from the directory render-site.ts wrote.
import config from "virtual:cws-site";
import { readSiteData } from "../../../core/site/site-data.js";

export { config };
export const data = readSiteData(config.dataDir, config.siteUrl);
