// Regenerates core/types/generated.ts from schemas/. CI's drift test fails when it is stale.
import { writeFileSync } from "node:fs";
import { generateTypes } from "../core/schema/generate-types.js";

const target = new URL("../core/types/generated.ts", import.meta.url);
writeFileSync(target, await generateTypes());
console.log("wrote core/types/generated.ts");
