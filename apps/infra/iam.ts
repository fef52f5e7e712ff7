import { tableDefinitions } from "../../core/community/tables.js";
import { logicalId } from "./template.js";

type Json = { [key: string]: unknown };

const OIDC_HOST = "token.actions.githubusercontent.com";

/**
 * Roles with the least privilege each job needs. EC2 actions that AWS cannot scope to a resource
 * are scoped by the builder's tag instead, so the publish role can only stop, terminate or
 * re-tag the instances and images the AMI pipeline created.
 */
export function iamResources(): Json {
  const tableArns = tableDefinitions().flatMap((t) => {
    const id = logicalId(String(t.TableName));
    return [{ "Fn::GetAtt": [id, "Arn"] }, { "Fn::Sub": `\${${id}.Arn}/index/*` }];
  });
  const builderTag = { StringEquals: { "aws:ResourceTag/cws:role": "ami-builder" } };
  return {
    GitHubOidcProvider: {
      Type: "AWS::IAM::OIDCProvider",
      Condition: "MakeOidcProvider",
      Properties: { Url: `https://${OIDC_HOST}`, ClientIdList: ["sts.amazonaws.com"] },
    },
    PublishRole: {
      Type: "AWS::IAM::Role",
      Properties: {
        Description: "Assumed by the registry's publish and refresh workflows through GitHub OIDC",
        MaxSessionDuration: 10800,
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Federated: { "Fn::Sub": `arn:aws:iam::\${AWS::AccountId}:oidc-provider/${OIDC_HOST}` } },
              Action: "sts:AssumeRoleWithWebIdentity",
              // Only jobs of this repository running in its protected "production" environment.
              Condition: {
                StringEquals: {
                  [`${OIDC_HOST}:aud`]: "sts.amazonaws.com",
                  [`${OIDC_HOST}:sub`]: { "Fn::Sub": "repo:${GitHubRepository}:environment:production" },
                },
              },
            },
          ],
        },
        Policies: [
          {
            PolicyName: "publish-cdn",
            PolicyDocument: {
              Version: "2012-10-17",
              Statement: [
                { Effect: "Allow", Action: "s3:ListBucket", Resource: { "Fn::GetAtt": ["CdnBucket", "Arn"] } },
                { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: { "Fn::Sub": "${CdnBucket.Arn}/*" } },
                {
                  Effect: "Allow",
                  Action: "cloudfront:CreateInvalidation",
                  Resource: { "Fn::Sub": "arn:aws:cloudfront::${AWS::AccountId}:distribution/${CdnDistribution}" },
                },
                {
                  Effect: "Allow",
                  Action: [
                    "dynamodb:DescribeTable",
                    "dynamodb:Scan",
                    "dynamodb:Query",
                    "dynamodb:GetItem",
                    "dynamodb:PutItem",
                    "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem",
                    "dynamodb:BatchWriteItem",
                  ],
                  Resource: tableArns,
                },
              ],
            },
          },
          {
            PolicyName: "build-amis",
            PolicyDocument: {
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Allow",
                  Action: ["ec2:DescribeInstances", "ec2:DescribeImages", "ec2:DescribeSnapshots", "ec2:DescribeInstanceStatus"],
                  Resource: "*",
                },
                { Effect: "Allow", Action: ["ec2:RunInstances", "ec2:CreateTags", "ec2:CreateImage", "ec2:CopyImage"], Resource: "*" },
                { Effect: "Allow", Action: ["ec2:StopInstances", "ec2:TerminateInstances"], Resource: "*", Condition: builderTag },
                {
                  Effect: "Allow",
                  Action: ["ec2:ModifyImageAttribute", "ec2:EnableImageDeprecation", "ec2:DeregisterImage", "ec2:DeleteSnapshot"],
                  Resource: "*",
                  Condition: { StringLike: { "aws:ResourceTag/cws:template-id": "*" } },
                },
                { Effect: "Allow", Action: "iam:PassRole", Resource: { "Fn::GetAtt": ["AmiBuilderRole", "Arn"] } },
                { Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:*::parameter/aws/service/*" },
                { Effect: "Allow", Action: "ssm:SendCommand", Resource: "arn:aws:ssm:*::document/AWS-RunShellScript" },
                { Effect: "Allow", Action: "ssm:SendCommand", Resource: "arn:aws:ec2:*:*:instance/*", Condition: builderTag },
                { Effect: "Allow", Action: ["ssm:GetCommandInvocation", "ssm:DescribeInstanceInformation", "ssm:CancelCommand"], Resource: "*" },
              ],
            },
          },
        ],
      },
    },
    AmiBuilderRole: {
      Type: "AWS::IAM::Role",
      Properties: {
        Description: "Instance role of AMI builders: SSM only, so they need no SSH key or open port",
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
        ManagedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
      },
    },
    AmiBuilderInstanceProfile: { Type: "AWS::IAM::InstanceProfile", Properties: { Roles: [{ Ref: "AmiBuilderRole" }] } },
    ApiRole: {
      Type: "AWS::IAM::Role",
      Properties: {
        Description: "The marketplace API Lambda: items in the community tables, logs",
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
        ManagedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
        Policies: [
          {
            PolicyName: "community-tables",
            PolicyDocument: {
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Allow",
                  Action: [
                    "dynamodb:GetItem",
                    "dynamodb:PutItem",
                    "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem",
                    "dynamodb:Query",
                    "dynamodb:TransactWriteItems",
                    "dynamodb:ConditionCheckItem",
                  ],
                  Resource: tableArns,
                },
              ],
            },
          },
        ],
      },
    },
  };
}
