import { TABLE_TTL, TABLES, type TableKey, tableDefinitions } from "../../core/community/tables.js";
import { SECURITY_HEADERS } from "../../core/site/security-headers.js";
import { API_PATH_PATTERN } from "../../core/spec/layout.js";
import { API_CDN_MAX_AGE_SECONDS } from "../api/cache-control.js";
import { iamResources } from "./iam.js";

type Json = { [key: string]: unknown };

/**
 * The whole marketplace as one CloudFormation template, built from the definitions the code
 * uses (DynamoDB tables, the site's CSP), so production cannot drift from what the tests run
 * against. `npm run gen:infra` writes it to infra/marketplace.template.json.
 */
export function marketplaceTemplate(): Json {
  const tables = Object.fromEntries(
    tableDefinitions().map((t) => [
      logicalId(String(t.TableName)),
      {
        Type: "AWS::DynamoDB::Table",
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
        Properties: {
          ...t,
          TableName: { "Fn::Sub": `\${TablePrefix}${t.TableName}` },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          ...ttlFor(String(t.TableName)),
          SSESpecification: { SSEEnabled: true },
        },
      },
    ]),
  );
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "CloudWorkstation Template Marketplace: CDN bucket and CloudFront, community tables, API Lambda, GitHub OIDC publish role",
    Parameters: {
      TablePrefix: { Type: "String", Default: "", Description: "Prefix for DynamoDB table names (CWS_TABLE_PREFIX)" },
      GitHubRepository: {
        Type: "String",
        Description: "owner/name of the registry repository allowed to publish",
        AllowedPattern: "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$",
      },
      ApiCodeBucket: { Type: "String", Description: "S3 bucket holding the API bundle (npm run build:api)" },
      ApiCodeKey: { Type: "String", Default: "marketplace-api.zip", Description: "S3 key of the API bundle zip" },
      CreateGitHubOidcProvider: {
        Type: "String",
        AllowedValues: ["true", "false"],
        Default: "true",
        Description: "false when the account already has token.actions.githubusercontent.com",
      },
    },
    Conditions: { MakeOidcProvider: { "Fn::Equals": [{ Ref: "CreateGitHubOidcProvider" }, "true"] } },
    Resources: {
      CdnBucket: {
        Type: "AWS::S3::Bucket",
        DeletionPolicy: "Retain",
        Properties: {
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
          VersioningConfiguration: { Status: "Enabled" },
          OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
          // Publish keeps superseded objects for its own grace period; old versions go after 30 days.
          LifecycleConfiguration: { Rules: [{ Id: "expire-old-versions", Status: "Enabled", NoncurrentVersionExpiration: { NoncurrentDays: 30 } }] },
        },
      },
      CdnOriginAccessControl: {
        Type: "AWS::CloudFront::OriginAccessControl",
        Properties: {
          OriginAccessControlConfig: {
            Name: { "Fn::Sub": "${AWS::StackName}-cdn" },
            OriginAccessControlOriginType: "s3",
            SigningBehavior: "always",
            SigningProtocol: "sigv4",
          },
        },
      },
      CdnBucketPolicy: {
        Type: "AWS::S3::BucketPolicy",
        Properties: {
          Bucket: { Ref: "CdnBucket" },
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "CloudFrontReadsPublishedObjects",
                Effect: "Allow",
                Principal: { Service: "cloudfront.amazonaws.com" },
                Action: "s3:GetObject",
                Resource: { "Fn::Sub": "${CdnBucket.Arn}/*" },
                Condition: { StringEquals: { "AWS:SourceArn": { "Fn::Sub": "arn:aws:cloudfront::${AWS::AccountId}:distribution/${CdnDistribution}" } } },
              },
              // Publish state and the AMI state are internal; the CDN must not serve them.
              {
                Sid: "HideInternalState",
                Effect: "Deny",
                Principal: { Service: "cloudfront.amazonaws.com" },
                Action: "s3:GetObject",
                Resource: [{ "Fn::Sub": "${CdnBucket.Arn}/_publish/*" }, { "Fn::Sub": "${CdnBucket.Arn}/_state/*" }],
              },
            ],
          },
        },
      },
      SecurityHeaders: {
        Type: "AWS::CloudFront::ResponseHeadersPolicy",
        Properties: {
          ResponseHeadersPolicyConfig: {
            Name: { "Fn::Sub": "${AWS::StackName}-security-headers" },
            SecurityHeadersConfig: cloudFrontSecurityHeaders(),
            CorsConfig: {
              AccessControlAllowCredentials: false,
              AccessControlAllowHeaders: { Items: ["*"] },
              AccessControlAllowMethods: { Items: ["GET", "HEAD"] },
              AccessControlAllowOrigins: { Items: ["*"] },
              OriginOverride: true,
            },
          },
        },
      },
      // Answers P and P/ with P/index.html (site pages), as the client spec says and
      // apps/local/cdn-server.ts does. Only the tree's behaviour runs it: API paths go to the API.
      IndexRewrite: {
        Type: "AWS::CloudFront::Function",
        Properties: {
          Name: { "Fn::Sub": "${AWS::StackName}-index-rewrite" },
          AutoPublish: true,
          FunctionConfig: { Comment: "P and P/ to P/index.html", Runtime: "cloudfront-js-2.0" },
          FunctionCode: [
            "function handler(event) {",
            "  var r = event.request;",
            "  if (r.uri.endsWith('/')) { r.uri += 'index.html'; }",
            "  else if (r.uri.split('/').pop().indexOf('.') === -1) { r.uri += '/index.html'; }",
            "  return r;",
            "}",
          ].join("\n"),
        },
      },
      // CloudFront signs its requests to the API's function URL (IAM auth), so only this
      // distribution reaches the API through it. Writes go to the function URL, signed by the caller.
      ApiOriginAccessControl: {
        Type: "AWS::CloudFront::OriginAccessControl",
        Properties: {
          OriginAccessControlConfig: {
            Name: { "Fn::Sub": "${AWS::StackName}-api" },
            OriginAccessControlOriginType: "lambda",
            SigningBehavior: "always",
            SigningProtocol: "sigv4",
          },
        },
      },
      // The API's answers are live: CloudFront keeps an anonymous GET's answer as long as its
      // Cache-Control says (s-maxage, apps/api/cache-control.ts), never longer than a few seconds.
      ApiCachePolicy: {
        Type: "AWS::CloudFront::CachePolicy",
        Properties: {
          CachePolicyConfig: {
            Name: { "Fn::Sub": "${AWS::StackName}-api" },
            Comment: "Live API: seconds, as the origin says",
            MinTTL: 0,
            DefaultTTL: 0,
            MaxTTL: API_CDN_MAX_AGE_SECONDS,
            ParametersInCacheKeyAndForwardedToOrigin: {
              EnableAcceptEncodingGzip: true,
              EnableAcceptEncodingBrotli: true,
              // Every query parameter selects a different answer (filters, sort, page).
              QueryStringsConfig: { QueryStringBehavior: "all" },
              HeadersConfig: { HeaderBehavior: "none" },
              CookiesConfig: { CookieBehavior: "none" },
            },
          },
        },
      },
      ApiInvokeFromCloudFront: {
        Type: "AWS::Lambda::Permission",
        Properties: {
          Action: "lambda:InvokeFunctionUrl",
          FunctionName: { Ref: "ApiFunction" },
          FunctionUrlAuthType: "AWS_IAM",
          Principal: "cloudfront.amazonaws.com",
          SourceArn: { "Fn::Sub": "arn:aws:cloudfront::${AWS::AccountId}:distribution/${CdnDistribution}" },
        },
      },
      // Function URLs created since October 2025 also need lambda:InvokeFunction for the caller.
      ApiInvokeFunctionFromCloudFront: {
        Type: "AWS::Lambda::Permission",
        Properties: {
          Action: "lambda:InvokeFunction",
          FunctionName: { Ref: "ApiFunction" },
          Principal: "cloudfront.amazonaws.com",
          SourceArn: { "Fn::Sub": "arn:aws:cloudfront::${AWS::AccountId}:distribution/${CdnDistribution}" },
        },
      },
      CdnDistribution: {
        Type: "AWS::CloudFront::Distribution",
        Properties: {
          DistributionConfig: {
            Enabled: true,
            HttpVersion: "http2and3",
            DefaultRootObject: "index.html",
            Origins: [
              {
                Id: "cdn",
                DomainName: { "Fn::GetAtt": ["CdnBucket", "RegionalDomainName"] },
                OriginAccessControlId: { "Fn::GetAtt": ["CdnOriginAccessControl", "Id"] },
                S3OriginConfig: { OriginAccessIdentity: "" },
              },
              {
                Id: "api",
                // The function URL is https://<domain>/; CloudFront wants the domain alone.
                DomainName: { "Fn::Select": [2, { "Fn::Split": ["/", { "Fn::GetAtt": ["ApiFunctionUrl", "FunctionUrl"] }] }] },
                OriginAccessControlId: { "Fn::GetAtt": ["ApiOriginAccessControl", "Id"] },
                CustomOriginConfig: { OriginProtocolPolicy: "https-only", HTTPSPort: 443, OriginSSLProtocols: ["TLSv1.2"] },
              },
            ],
            // Every API path is the API's, with or without a query string (client spec §5); the
            // tree stores nothing under it. Reads only: writes are signed by their caller and sent
            // to the function URL itself, since CloudFront's own signature would replace theirs.
            CacheBehaviors: [
              {
                PathPattern: API_PATH_PATTERN,
                TargetOriginId: "api",
                ViewerProtocolPolicy: "https-only",
                AllowedMethods: ["GET", "HEAD"],
                Compress: true,
                CachePolicyId: { Ref: "ApiCachePolicy" },
                ResponseHeadersPolicyId: { Ref: "SecurityHeaders" },
              },
            ],
            DefaultCacheBehavior: {
              TargetOriginId: "cdn",
              ViewerProtocolPolicy: "redirect-to-https",
              AllowedMethods: ["GET", "HEAD"],
              Compress: true,
              // CachingOptimized honours the origin's Cache-Control (immutable vs 60 s pointers).
              CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
              ResponseHeadersPolicyId: { Ref: "SecurityHeaders" },
              FunctionAssociations: [{ EventType: "viewer-request", FunctionARN: { "Fn::GetAtt": ["IndexRewrite", "FunctionARN"] } }],
            },
            // S3 answers 403 for a missing key. This applies to every origin, so no API read may
            // answer 403 (tests/api/contract.test.ts checks the OpenAPI document never says one does).
            CustomErrorResponses: [{ ErrorCode: 403, ResponseCode: 404, ResponsePagePath: "/404.html" }],
          },
        },
      },
      ...tables,
      ...iamResources(),
      ApiFunction: {
        Type: "AWS::Lambda::Function",
        Properties: {
          Runtime: "nodejs20.x",
          Architectures: ["arm64"],
          Handler: "index.handler",
          Code: { S3Bucket: { Ref: "ApiCodeBucket" }, S3Key: { Ref: "ApiCodeKey" } },
          Role: { "Fn::GetAtt": ["ApiRole", "Arn"] },
          MemorySize: 512,
          Timeout: 10,
          Environment: {
            Variables: {
              CWS_TABLE_PREFIX: { Ref: "TablePrefix" },
              CWS_SCHEMAS_DIR: "/var/task/schemas",
              AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
            },
          },
        },
      },
      // IAM auth: callers sign requests, and the handler takes identity from the IAM context only.
      ApiFunctionUrl: { Type: "AWS::Lambda::Url", Properties: { TargetFunctionArn: { "Fn::GetAtt": ["ApiFunction", "Arn"] }, AuthType: "AWS_IAM" } },
    },
    Outputs: {
      CdnBucketName: { Value: { Ref: "CdnBucket" }, Description: "npm run publish -- --bucket" },
      CdnDistributionId: { Value: { Ref: "CdnDistribution" }, Description: "npm run publish -- --distribution-id" },
      CdnDomain: { Value: { "Fn::GetAtt": ["CdnDistribution", "DomainName"] }, Description: "marketplace URL (CWS_MARKETPLACE_URL)" },
      ApiUrl: { Value: { "Fn::GetAtt": ["ApiFunctionUrl", "FunctionUrl"] }, Description: "marketplace API (CWS_MARKETPLACE_API)" },
      PublishRoleArn: { Value: { "Fn::GetAtt": ["PublishRole", "Arn"] }, Description: "GitHub variable AWS_PUBLISH_ROLE_ARN" },
      AmiBuilderProfile: { Value: { Ref: "AmiBuilderInstanceProfile" }, Description: "GitHub variable AMI_INSTANCE_PROFILE" },
    },
  };
}

function ttlFor(tableName: string): Json {
  const key = (Object.keys(TABLES) as TableKey[]).find((k) => TABLES[k] === tableName);
  const attribute = key ? TABLE_TTL[key] : undefined;
  return attribute ? { TimeToLiveSpecification: { AttributeName: attribute, Enabled: true } } : {};
}

/** CloudFormation logical ids are alphanumeric: community-templates → CommunityTemplatesTable. */
export function logicalId(tableName: string): string {
  return `${tableName
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join("")}Table`;
}

/** CloudFront's form of the site's security headers (the local CDN server sends the same: core/site/security-headers.ts). */
function cloudFrontSecurityHeaders(): Record<string, unknown> {
  const h = SECURITY_HEADERS;
  return {
    ContentSecurityPolicy: { ContentSecurityPolicy: h.contentSecurityPolicy, Override: true },
    // CloudFront's ContentTypeOptions has no value: it always sends nosniff.
    ContentTypeOptions: { Override: true },
    FrameOptions: { FrameOption: h.frameOptions, Override: true },
    ReferrerPolicy: { ReferrerPolicy: h.referrerPolicy, Override: true },
    StrictTransportSecurity: {
      AccessControlMaxAgeSec: h.strictTransportSecurity.maxAgeSeconds,
      IncludeSubdomains: h.strictTransportSecurity.includeSubdomains,
      Override: true,
    },
  };
}
