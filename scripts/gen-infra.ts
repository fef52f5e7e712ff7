// npm run gen:infra: writes infra/marketplace.template.json from apps/infra (tables and CSP come
// from the code's own definitions). A test fails when the committed file drifts.
import { writeFileSync } from "node:fs";
import { marketplaceTemplate } from "../apps/infra/template.js";

writeFileSync(new URL("../infra/marketplace.template.json", import.meta.url), `${JSON.stringify(marketplaceTemplate(), null, 2)}\n`);
console.log("wrote infra/marketplace.template.json");
