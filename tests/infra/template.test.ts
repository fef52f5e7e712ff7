import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { API_CDN_MAX_AGE_SECONDS, cacheControlFor } from "../../apps/api/cache-control.js";
import { logicalId, marketplaceTemplate } from "../../apps/infra/template.js";
import { candidates } from "../../apps/local/cdn-server.js";
import { tableDefinitions } from "../../core/community/tables.js";
import { CONTENT_SECURITY_POLICY } from "../../core/site/csp.js";
import { API_BASE, isApiPath } from "../../core/spec/layout.js";
import { ROOT } from "../helpers/run.js";

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is walked loosely here.
type Json = Record<string, any>;

const committed = JSON.parse(readFileSync(join(ROOT, "infra/marketplace.template.json"), "utf8")) as Json;
const resources = committed.Resources as Record<string, Json>;

function statements(roleId: string): Json[] {
  return ((resources[roleId]?.Properties?.Policies ?? []) as Json[]).flatMap((p) => p.PolicyDocument.Statement as Json[]);
}

describe("infra/marketplace.template.json", () => {
  it("matches apps/infra (run npm run gen:infra)", () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(marketplaceTemplate())));
  });

  it("declares exactly the tables, keys and indexes the code uses", () => {
    const tables = Object.entries(resources).filter(([, r]) => r.Type === "AWS::DynamoDB::Table");
    expect(tables.map(([id]) => id).sort()).toEqual(
      tableDefinitions()
        .map((t) => logicalId(String(t.TableName)))
        .sort(),
    );
    for (const def of tableDefinitions()) {
      const props = resources[logicalId(String(def.TableName))]?.Properties;
      expect(props.KeySchema).toEqual(def.KeySchema);
      expect(props.AttributeDefinitions).toEqual(def.AttributeDefinitions);
      expect(props.GlobalSecondaryIndexes ?? []).toEqual(def.GlobalSecondaryIndexes ?? []);
      expect(props.TableName).toEqual({ "Fn::Sub": `\${TablePrefix}${def.TableName}` });
      expect(resources[logicalId(String(def.TableName))]?.DeletionPolicy).toBe("Retain");
    }
  });

  it("serves the site's CSP as a header and keeps the bucket private behind CloudFront", () => {
    expect(resources.SecurityHeaders?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy).toBe(
      CONTENT_SECURITY_POLICY,
    );
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain("unsafe-inline");
    expect(resources.CdnBucket?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const policy = resources.CdnBucketPolicy?.Properties.PolicyDocument.Statement as Json[];
    expect(policy.find((s) => s.Sid === "HideInternalState")?.Effect).toBe("Deny");
    expect(resources.CdnDistribution?.Properties.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy).toBe("redirect-to-https");
  });

  it("puts the API behind an IAM-authenticated function URL", () => {
    expect(resources.ApiFunctionUrl?.Properties.AuthType).toBe("AWS_IAM");
    expect(resources.ApiFunction?.Properties.Handler).toBe("index.handler");
  });

  it("lets only this repository's production environment assume the publish role, with scoped permissions", () => {
    const trust = resources.PublishRole?.Properties.AssumeRolePolicyDocument.Statement[0];
    expect(trust.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(trust.Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toEqual({ "Fn::Sub": "repo:${GitHubRepository}:environment:production" });
    expect(trust.Condition.StringEquals["token.actions.githubusercontent.com:aud"]).toBe("sts.amazonaws.com");
    for (const s of [...statements("PublishRole"), ...statements("ApiRole")]) {
      const actions = [s.Action].flat() as string[];
      expect(
        actions.some((a) => a === "*" || a.endsWith(":*")),
        JSON.stringify(s),
      ).toBe(false);
    }
    const terminate = statements("PublishRole").find((s) => [s.Action].flat().includes("ec2:TerminateInstances"));
    expect(terminate?.Condition).toEqual({ StringEquals: { "aws:ResourceTag/cws:role": "ami-builder" } });
    const passRole = statements("PublishRole").find((s) => s.Action === "iam:PassRole");
    expect(passRole?.Resource).toEqual({ "Fn::GetAtt": ["AmiBuilderRole", "Arn"] });
  });

  it("rewrites paths in CloudFront exactly as the local CDN looks them up", () => {
    const code = String(resources.IndexRewrite?.Properties?.FunctionCode);
    const handler = new Function(`${code}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    const rewrite = (uri: string) => handler({ request: { uri } }).uri;
    const cases: [uri: string, key: string][] = [
      ["/templates/genomics-pipeline-v3/", "templates/genomics-pipeline-v3/index.html"],
      ["/templates/genomics-pipeline-v3", "templates/genomics-pipeline-v3/index.html"],
      ["/templates/genomics-pipeline-v3/metadata.json", "templates/genomics-pipeline-v3/metadata.json"],
      ["/templates/genomics-pipeline-v3/reviews.json", "templates/genomics-pipeline-v3/reviews.json"],
      ["/indexes/catalog.json", "indexes/catalog.json"],
      ["/", "index.html"],
    ];
    for (const [uri, key] of cases) {
      expect(rewrite(uri)).toBe(`/${key}`);
      // The local CDN tries candidates in order; the CloudFront answer must be among them.
      expect(candidates(uri.slice(1))).toContain(key);
    }
  });

  it("sends every API path to the API origin, reads only, cached for seconds as the API says", () => {
    const config = resources.CdnDistribution?.Properties.DistributionConfig as Json;
    const [behaviour, ...others] = config.CacheBehaviors as Json[];
    expect(others).toEqual([]);
    expect(behaviour?.PathPattern).toBe(`${API_BASE}*`);
    const origin = (config.Origins as Json[]).find((o) => o.Id === behaviour?.TargetOriginId);
    expect(origin?.DomainName).toEqual({ "Fn::Select": [2, { "Fn::Split": ["/", { "Fn::GetAtt": ["ApiFunctionUrl", "FunctionUrl"] }] }] });
    expect(resources[origin?.OriginAccessControlId["Fn::GetAtt"][0]]?.Properties.OriginAccessControlConfig.OriginAccessControlOriginType).toBe("lambda");
    // No function rewrites API paths, and writes never pass CloudFront (its signature would replace the caller's).
    expect(behaviour?.FunctionAssociations).toBeUndefined();
    expect(behaviour?.AllowedMethods).toEqual(["GET", "HEAD"]);
    const policy = resources[behaviour?.CachePolicyId.Ref]?.Properties.CachePolicyConfig as Json;
    expect(policy.MaxTTL).toBe(API_CDN_MAX_AGE_SECONDS);
    expect(policy.MaxTTL).toBeLessThanOrEqual(60);
    expect(policy.DefaultTTL).toBe(0);
    expect(policy.ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig.QueryStringBehavior).toBe("all");
    expect(cacheControlFor("GET", 200)).toContain(`s-maxage=${API_CDN_MAX_AGE_SECONDS}`);
    // Only this distribution may invoke the function URL through CloudFront.
    const grants = Object.values(resources).filter((r) => r.Type === "AWS::Lambda::Permission" && r.Properties.Principal === "cloudfront.amazonaws.com");
    expect(grants.map((g) => g.Properties.Action).sort()).toEqual(["lambda:InvokeFunction", "lambda:InvokeFunctionUrl"]);
    for (const g of grants) expect(g.Properties.SourceArn["Fn::Sub"]).toContain("distribution/${CdnDistribution}");
    // A path outside the API stays the tree's: CloudFront's `*` matches anything after the prefix.
    expect(isApiPath("/api/v1/marketplace")).toBe(true);
    expect(isApiPath("/indexes/catalog.json")).toBe(false);
  });
});
