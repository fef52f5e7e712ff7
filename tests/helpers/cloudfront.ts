import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./run.js";

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is walked loosely here.
type Json = Record<string, any>;

export interface CloudFrontRoute {
  /** The origin the request goes to ("cdn" for the bucket, "api" for the function URL). */
  origin: string;
  /** The URI the origin receives, after the behaviour's viewer-request function. */
  uri: string;
  /** The methods the behaviour lets through; anything else CloudFront refuses itself. */
  methods: string[];
}

/**
 * CloudFront's routing of a request, read from the committed stack (infra/marketplace.template.json):
 * the first cache behaviour whose path pattern matches, else the default one, and that
 * behaviour's viewer-request CloudFront function run as JavaScript.
 */
export function cloudFrontRouter(): (uri: string) => CloudFrontRoute {
  const stack = JSON.parse(readFileSync(join(ROOT, "infra/marketplace.template.json"), "utf8")) as Json;
  const config = stack.Resources.CdnDistribution.Properties.DistributionConfig as Json;
  const behaviours = [...((config.CacheBehaviors ?? []) as Json[]), config.DefaultCacheBehavior as Json];
  return (uri) => {
    const behaviour = behaviours.find((b) => b.PathPattern === undefined || pattern(String(b.PathPattern)).test(uri)) as Json;
    let out = uri;
    for (const association of (behaviour.FunctionAssociations ?? []) as Json[]) {
      if (association.EventType !== "viewer-request") continue;
      const code = String(stack.Resources[association.FunctionARN["Fn::GetAtt"][0]].Properties.FunctionCode);
      const handler = new Function(`${code}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
      out = handler({ request: { uri: out } }).uri;
    }
    return { origin: String(behaviour.TargetOriginId), uri: out, methods: behaviour.AllowedMethods as string[] };
  };
}

/** CloudFront path patterns: `*` is any run of characters (also none), `?` one character. */
function pattern(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`);
}
