// Entry of the `cws` bin: runs the CLI and sets the exit status, nothing else.
import { main } from "./main.js";

// The CLI targets Node 20 on purpose (engines >=20.19); the AWS SDK's advice to move to 22 would
// print on every command. Entry points set process-wide settings; modules never do on import.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// `cws … | head` closes stdout early. That is the reader saying it has enough, not an error:
// end quietly with the status so far instead of an unhandled EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await main(process.argv.slice(2));
