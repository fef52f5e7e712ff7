// Entry of the `cws` bin: runs the CLI and sets the exit status, nothing else.
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
