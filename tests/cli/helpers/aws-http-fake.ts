// EC2 (query protocol, XML) and SSM (JSON 1.1) on loopback HTTP, for CLI subprocesses that
// aws-sdk-client-mock cannot reach: the installed `cws` points CWS_EC2_ENDPOINT and
// CWS_SSM_ENDPOINT here. Only the calls `publish <instance>` and `launch` make are answered.
import { createServer } from "node:http";
import { listenLoopback } from "./ec2-fake.js";

export interface HttpFakeInstance {
  id: string;
  name: string;
  instanceType: string;
  architecture: "x86_64" | "arm64";
  tags?: Record<string, string>;
  ports?: number[];
}

export interface HttpFakeImage {
  id: string;
  owner: string;
  architecture: string;
}

export interface AwsHttpFake {
  url: string;
  /** Every call: the EC2 Action or the SSM target, with its form or JSON input. */
  calls: { action: string; input: Record<string, string> }[];
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const tags = (t: Record<string, string>) =>
  `<tagSet>${Object.entries(t)
    .map(([k, v]) => `<item><key>${esc(k)}</key><value>${esc(v)}</value></item>`)
    .join("")}</tagSet>`;
const ec2 = (action: string, inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake</requestId>${inner}</${action}Response>`;
const ec2Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${esc(message)}</Message></Error></Errors><RequestID>fake</RequestID></Response>`;

/** One fake account: the given instances and images; launched instances are running at once. */
export async function startAwsHttpFake(world: {
  instances: HttpFakeInstance[];
  images: HttpFakeImage[];
  parameters?: Record<string, string>;
}): Promise<AwsHttpFake> {
  const fake: AwsHttpFake = { url: "", calls: [], close: async () => {} };
  const launched: HttpFakeInstance[] = [];
  let created = 0;
  const values = (input: Record<string, string>, prefix: string) =>
    Object.entries(input)
      .filter(([k]) => k.startsWith(prefix))
      .map(([, v]) => v);
  const instanceXml = (i: HttpFakeInstance) =>
    `<item><instanceId>${i.id}</instanceId><instanceType>${i.instanceType}</instanceType><architecture>${i.architecture}</architecture>` +
    `<instanceState><code>16</code><name>running</name></instanceState><dnsName>ec2-203-0-113-10.compute-1.amazonaws.com</dnsName><ipAddress>203.0.113.10</ipAddress>` +
    `<privateIpAddress>10.0.0.10</privateIpAddress>${tags({ Name: i.name, ...(i.tags ?? {}) })}<groupSet><item><groupId>sg-${i.id.slice(2)}</groupId><groupName>ws</groupName></item></groupSet></item>`;

  const answerEc2 = (input: Record<string, string>): [number, string] => {
    const action = input.Action ?? "";
    const all = [...world.instances, ...launched];
    switch (action) {
      case "DescribeInstances": {
        const ids = values(input, "InstanceId.");
        const name = input["Filter.1.Name"] === "tag:Name" ? input["Filter.1.Value.1"] : undefined;
        const found = all.filter((i) => (ids.length ? ids.includes(i.id) : name === undefined || i.name === name));
        if (ids.length && found.length === 0) return [400, ec2Error("InvalidInstanceID.NotFound", `The instance ID '${ids[0]}' does not exist`)];
        return [
          200,
          ec2(
            action,
            `<reservationSet>${found.map((i) => `<item><reservationId>r-1</reservationId><instancesSet>${instanceXml(i)}</instancesSet></item>`).join("")}</reservationSet>`,
          ),
        ];
      }
      case "DescribeSecurityGroups": {
        const groups = values(input, "GroupId.").map((g) => {
          const owner = all.find((i) => `sg-${i.id.slice(2)}` === g);
          const perms = (owner?.ports ?? []).map((p) => `<item><ipProtocol>tcp</ipProtocol><fromPort>${p}</fromPort><toPort>${p}</toPort></item>`).join("");
          return `<item><groupId>${g}</groupId><groupName>ws</groupName><ipPermissions>${perms}</ipPermissions></item>`;
        });
        return [200, ec2(action, `<securityGroupInfo>${groups.join("")}</securityGroupInfo>`)];
      }
      case "CreateImage": {
        const source = all.find((i) => i.id === input.InstanceId);
        const id = `ami-0fedcba98765432${String(created++).padStart(2, "0")}`;
        world.images.push({ id, owner: "111122223333", architecture: source?.architecture ?? "x86_64" });
        return [200, ec2(action, `<imageId>${id}</imageId>`)];
      }
      case "DescribeImages": {
        const ids = values(input, "ImageId.");
        const owners = values(input, "Owner.");
        const found = world.images.filter((i) => ids.includes(i.id) && (owners.length === 0 || owners.includes(i.owner)));
        if (found.length === 0 && owners.length === 0) return [400, ec2Error("InvalidAMIID.NotFound", `The image id '[${ids.join(",")}]' does not exist`)];
        const xml = found.map(
          (i) =>
            `<item><imageId>${i.id}</imageId><imageOwnerId>${i.owner}</imageOwnerId><imageState>available</imageState><architecture>${i.architecture}</architecture>` +
            `<rootDeviceName>/dev/sda1</rootDeviceName><creationDate>2026-11-01T00:00:00.000Z</creationDate><name>${i.id}</name></item>`,
        );
        return [200, ec2(action, `<imagesSet>${xml.join("")}</imagesSet>`)];
      }
      case "RunInstances": {
        const instance: HttpFakeInstance = {
          id: `i-0${String(launched.length + 1).padStart(16, "0")}`,
          name: input["TagSpecification.1.Tag.1.Value"] ?? "",
          instanceType: input.InstanceType ?? "",
          architecture: "x86_64",
        };
        launched.push(instance);
        return [200, ec2(action, `<reservationId>r-2</reservationId><ownerId>111122223333</ownerId><instancesSet>${instanceXml(instance)}</instancesSet>`)];
      }
      default:
        return [400, ec2Error("InvalidAction", `${action} is not faked`)];
    }
  };

  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString("utf8");
    });
    req.on("end", () => {
      const target = req.headers["x-amz-target"];
      if (typeof target === "string") {
        const input = JSON.parse(body || "{}") as Record<string, string>;
        fake.calls.push({ action: target, input });
        const value = world.parameters?.[input.Name ?? ""];
        if (target !== "AmazonSSM.GetParameter" || value === undefined) {
          res.writeHead(400, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify({ __type: "ParameterNotFound", message: "not found" }));
          return;
        }
        res
          .writeHead(200, { "content-type": "application/x-amz-json-1.1" })
          .end(JSON.stringify({ Parameter: { Name: input.Name, Type: "String", Value: value } }));
        return;
      }
      const input = Object.fromEntries(new URLSearchParams(body));
      fake.calls.push({ action: input.Action ?? "", input });
      const [status, xml] = answerEc2(input);
      res.writeHead(status, { "content-type": "text/xml;charset=UTF-8" }).end(xml);
    });
  });
  Object.assign(fake, await listenLoopback(server));
  return fake;
}
