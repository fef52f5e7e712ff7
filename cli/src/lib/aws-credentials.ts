import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { MISSING_CREDENTIALS } from "../../../core/aws/errors.js";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/**
 * Credentials from the AWS SDK's default chain (environment, SSO, shared config and credentials
 * files, process, web identity, container and instance metadata), or undefined when it finds
 * none. Imported only by commands that call AWS or sign API requests.
 */
export async function awsCredentials(): Promise<AwsCredentials | undefined> {
  try {
    return await defaultProvider()();
  } catch (error) {
    if (MISSING_CREDENTIALS.has((error as { name?: string }).name ?? "")) return undefined;
    throw error;
  }
}
