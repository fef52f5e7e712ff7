// npm run gen:codeowners: regenerates .github/CODEOWNERS from the template owners. A test fails when it drifts.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { renderCodeowners } from "../core/ci/codeowners.js";
import type { Template } from "../core/types/generated.js";

const dir = new URL("../registry/templates/", import.meta.url);
const templates = readdirSync(dir).map((id) => JSON.parse(readFileSync(new URL(`${id}/template.json`, dir), "utf8")) as Template);
writeFileSync(new URL("../.github/CODEOWNERS", import.meta.url), renderCodeowners(templates));
console.log(`wrote .github/CODEOWNERS for ${templates.length} templates`);
