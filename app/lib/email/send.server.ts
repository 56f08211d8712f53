// Sends mail through Amazon SES (API v2). Production: the Lambda's role, EMAIL_FROM (a verified
// sender identity) and SES_CONFIGURATION_SET (terraform/modules/ses). Locally and in tests,
// SES_ENDPOINT points the same SDK at the loopback SES fake (tests/support/ses-fake), which keeps
// what was sent; nothing mocks this function. Decision 015.
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { processEnv, type EnvSource } from "../env.server";
import { DEV_SES_FAKE_URL } from "./dev-ses";
import type { EmailMessage } from "./message";

export type EmailConfig = { from: string; configurationSet?: string; endpoint?: string; region: string };

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function emailConfig(env: EnvSource = processEnv()): EmailConfig {
  const endpoint = env.SES_ENDPOINT || (env.NODE_ENV === "development" ? DEV_SES_FAKE_URL : undefined);
  if (endpoint && !LOOPBACK.has(new URL(endpoint).hostname)) {
    throw new Error("SES_ENDPOINT must be a loopback address (the local SES fake)");
  }
  return {
    from: env.EMAIL_FROM || "CalcApp <no-reply@calcapp.test>",
    configurationSet: env.SES_CONFIGURATION_SET || undefined,
    endpoint,
    region: env.AWS_REGION || "us-east-1",
  };
}

let cached: { key: string; client: SESv2Client } | undefined;

function client(config: EmailConfig): SESv2Client {
  const key = `${config.endpoint ?? ""}|${config.region}`;
  if (cached?.key !== key) {
    cached = {
      key,
      client: new SESv2Client({
        region: config.region,
        ...(config.endpoint
          ? { endpoint: config.endpoint, credentials: { accessKeyId: "fake", secretAccessKey: "fake" } }
          : {}),
        maxAttempts: 2,
      }),
    };
  }
  return cached.client;
}

/** Sends one message; returns SES's message id. */
export async function sendEmail(message: EmailMessage, config: EmailConfig = emailConfig()): Promise<string | undefined> {
  if (!message.text.trim()) throw new Error("Every message needs a plain-text part");
  const result = await client(config).send(
    new SendEmailCommand({
      FromEmailAddress: config.from,
      Destination: { ToAddresses: [message.to] },
      ConfigurationSetName: config.configurationSet,
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: "UTF-8" },
          Body: { Text: { Data: message.text, Charset: "UTF-8" }, ...(message.html ? { Html: { Data: message.html, Charset: "UTF-8" } } : {}) },
        },
      },
    }),
  );
  return result.MessageId;
}
