// s3rver in its own process for the publish benchmark: node --import tsx s3rver-child.ts <dir> <bucket>
import { startS3rver } from "../../apps/local/emulators.js";
import { serveUntilStdinCloses } from "../lib/server-child.js";

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) throw new Error("usage: s3rver-child.ts <dir> <bucket>");
const s3 = await startS3rver({ directory, buckets: [bucket] });
serveUntilStdinCloses({ endpoint: s3.endpoint }, () => s3.close());
