import { createServer, type Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../apps/api/body.js";
import { createNodeApiHandler } from "../../apps/api/node.js";
import { type Community, seedTemplate, startCommunity } from "./helpers.js";

const ID = "stream-template";
/** What socket and stream buffers may hold beyond the limit when the server stops reading. */
const BUFFER_SLACK = 512 * 1024;
let community: Community;
let server: Server;
let port: number;
/** Bytes the server process read from each closed connection (socket.bytesRead). */
const readPerConnection: number[] = [];

beforeAll(async () => {
  community = await startCommunity("bl-");
  await seedTemplate(community, { template_id: ID });
  const handle = createNodeApiHandler({ client: community.client, tablePrefix: community.prefix, log: () => {} });
  server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on("connection", (socket: Socket) => socket.once("close", () => readPerConnection.push(socket.bytesRead)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await community.close();
});

interface Outcome {
  response: string;
  sent: number;
  ms: number;
}

/**
 * Streams `total` bytes of body to POST …/reviews as a raw HTTP/1.1 request (chunked unless
 * `declare` is set), as fast as the connection takes them, and stops when the server answers or
 * closes. Resolves with what came back and how much this client managed to send.
 */
function stream(total: number, options: { declare?: boolean; anonymous?: boolean } = {}): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let response = "";
    let sent = 0;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      socket.destroy();
      resolve({ response, sent, ms: Date.now() - started });
    };
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!finished && sent < total) {
        const n = Math.min(chunk.length, total - sent);
        const piece = options.declare ? chunk.subarray(0, n) : Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), chunk.subarray(0, n), Buffer.from("\r\n")]);
        sent += n;
        if (!socket.write(piece)) return void socket.once("drain", pump);
      }
      if (!finished && !options.declare) socket.write("0\r\n\r\n");
    };
    socket.on("connect", () => {
      socket.write(
        [
          `POST /api/v1/marketplace/templates/${ID}/reviews HTTP/1.1`,
          `host: 127.0.0.1:${port}`,
          "content-type: application/json",
          ...(options.anonymous ? [] : ["x-cws-user: streamer"]),
          options.declare ? `content-length: ${total}` : "transfer-encoding: chunked",
          "",
          "",
        ].join("\r\n"),
      );
      pump();
    });
    socket.on("data", (d: Buffer) => {
      response += d.toString("latin1");
      // The whole answer is in once its JSON body closes.
      if (/\r\n\r\n[\s\S]*\}\s*$/.test(response)) finish();
    });
    socket.on("error", finish);
    socket.on("close", finish);
  });
}

describe("request body limit", () => {
  it("cuts a 20 MB chunked body without Content-Length at the limit with 413, reading no more than a small bound past it", async () => {
    const before = readPerConnection.length;
    const outcome = await stream(20 * 1024 * 1024);
    expect(outcome.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(outcome.response).toContain('"error":"BODY_TOO_LARGE"');
    expect(outcome.ms).toBeLessThan(5000);
    await expect.poll(() => readPerConnection.length, { timeout: 5000 }).toBe(before + 1);
    const read = readPerConnection[before] ?? Number.POSITIVE_INFINITY;
    // The limit, plus what socket and stream buffers held when the server stopped reading.
    expect(read).toBeGreaterThan(MAX_BODY_BYTES);
    expect(read).toBeLessThan(MAX_BODY_BYTES + BUFFER_SLACK);
    // The client got far more into the connection than the server took out of it.
    expect(outcome.sent).toBeGreaterThan(read);
  });

  it("refuses a declared Content-Length over the limit before reading the body", async () => {
    const before = readPerConnection.length;
    const outcome = await stream(10 * 1024 * 1024, { declare: true });
    expect(outcome.response).toMatch(/^HTTP\/1\.1 413 /);
    await expect.poll(() => readPerConnection.length, { timeout: 5000 }).toBe(before + 1);
    expect(readPerConnection[before]).toBeLessThan(BUFFER_SLACK);
  });

  it("ends the connection instead of draining a body it refused without reading (401)", async () => {
    const before = readPerConnection.length;
    const outcome = await stream(20 * 1024 * 1024, { anonymous: true });
    expect(outcome.response).toMatch(/^HTTP\/1\.1 401 /);
    await expect.poll(() => readPerConnection.length, { timeout: 5000 }).toBe(before + 1);
    expect(readPerConnection[before]).toBeLessThan(BUFFER_SLACK);
  });

  it("accepts a body of exactly the limit, and keeps serving after refusals", async () => {
    const review = JSON.stringify({ rating: 4, title: "Padded", content: "Fits exactly." });
    const body = review + " ".repeat(MAX_BODY_BYTES - Buffer.byteLength(review));
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/marketplace/templates/${ID}/reviews`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-cws-user": "exact-fit" },
      body,
    });
    expect(res.status).toBe(201);
    const over = await fetch(`http://127.0.0.1:${port}/api/v1/marketplace/templates/${ID}/reviews`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-cws-user": "one-too-many" },
      body: `${body} `,
    });
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ error: "BODY_TOO_LARGE" });
  });
});
