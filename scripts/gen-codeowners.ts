// npm run gen:codeowners: regenerates .github/CODEOWNERS from the maintainers and template owners. A test fails when it drifts.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { renderCodeowners } from "../core/registry/codeowners.js";
import type { Maintainers, Template } from "../core/types/generated.js";

const registry = new URL("../registry/", import.meta.url);
const dir = new URL("templates/", registry);
const templates = readdirSync(dir).map((id) => JSON.parse(readFileSync(new URL(`${id}/template.json`, dir), "utf8")) as Template);
const maintainers = JSON.parse(readFileSync(new URL("maintainers.json", registry), "utf8")) as Maintainers;
writeFileSync(new URL("../.github/CODEOWNERS", import.meta.url), renderCodeowners(templates, maintainers));
console.log(`wrote .github/CODEOWNERS for ${maintainers.maintainers.length} maintainers and ${templates.length} templates`);
