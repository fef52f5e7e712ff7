// Regenerates docs/rules.md from the rule catalogue. A test fails when it is stale.
import { mkdirSync, writeFileSync } from "node:fs";
import { renderRulesDoc } from "../core/diagnostics/render-rules-doc.js";

mkdirSync(new URL("../docs/", import.meta.url), { recursive: true });
writeFileSync(new URL("../docs/rules.md", import.meta.url), renderRulesDoc());
console.log("wrote docs/rules.md");
