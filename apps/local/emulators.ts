import type { AddressInfo } from "node:net";
import dynalite from "dynalite";
import S3rver from "s3rver";
import { installS3rverListing } from "./s3rver-listing.js";

export interface Emulator {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * DynamoDB on LevelDB (dynalite). With a directory the data survives restarts; without one it
 * lives in memory. Port 0 picks a free port; only loopback is ever bound.
 */
export async function startDynalite(options: { path?: string; port?: number } = {}): Promise<Emulator> {
  const server = dynalite({ ...(options.path ? { path: options.path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * S3 on the local file system (s3rver), with the given buckets created up front. Its listing is
 * replaced (s3rver-listing.ts) so that listings longer than a page work on Node 20 and come in
 * S3's key order.
 */
export async function startS3rver(options: { directory: string; buckets?: string[]; port?: number }): Promise<Emulator> {
  installS3rverListing();
  const server = new S3rver({
    address: "127.0.0.1",
    port: options.port ?? 0,
    silent: true,
    directory: options.directory,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name, configs: [] })),
  });
  const { port } = (await server.run()) as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, close: () => server.close() };
}
