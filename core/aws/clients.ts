import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";

/**
 * Where an AWS service is. Production leaves everything undefined and the SDK's standard
 * chain (env, profile, SSO, instance role) decides; local mode and tests pass a loopback
 * endpoint with static dummy credentials. The calling code is the same either way.
 */
export interface AwsEndpoint {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

function base(options: AwsEndpoint) {
  return {
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}

export function s3Client(options: AwsEndpoint = {}): S3Client {
  return new S3Client({
    ...base(options),
    // Path-style works with s3rver and with buckets whose names contain dots.
    forcePathStyle: options.endpoint !== undefined,
    // s3rver predates the flexible checksums that newer SDKs send by default.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export function dynamoClient(options: AwsEndpoint = {}): DynamoDBClient {
  return new DynamoDBClient(base(options));
}

export function cloudFrontClient(options: AwsEndpoint = {}): CloudFrontClient {
  return new CloudFrontClient(base(options));
}

/** Dummy credentials for local emulators (dynalite, s3rver), which accept any. */
export const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/** Endpoint settings for a service: a local endpoint gets dummy credentials unless real ones are in the environment. */
export function endpointSettings(endpoint: string | undefined, region: string | undefined): AwsEndpoint {
  const settings: AwsEndpoint = region ? { region } : {};
  if (!endpoint) return settings;
  const haveCredentials = Boolean(process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY);
  return { ...settings, endpoint, ...(haveCredentials ? {} : { credentials: { ...LOCAL_CREDENTIALS } }) };
}
