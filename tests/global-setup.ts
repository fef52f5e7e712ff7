import { execFileSync } from "node:child_process";

/** Tests run the shipped CLI bundle, so build it from the current sources first. */
export default function setup(): void {
  execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/build-cli.ts"], { stdio: "ignore" });
}
