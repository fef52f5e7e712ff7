// `npm run validate`: runs scripts/validate.ts from a bundle that is rebuilt whenever its sources
// change (scripts/lib/bundled-script.mjs), so the gate starts in milliseconds rather than
// loading every module through tsx. Same options, output and exit status as the TypeScript script.
import { runBundled } from "./lib/bundled-script.mjs";

await runBundled("validate");
