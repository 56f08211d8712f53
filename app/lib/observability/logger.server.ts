// Structured JSON logs, one line per event (AWS Lambda Powertools Logger): level, message,
// timestamp, service, region and version on every line, plus whatever the call adds. Every
// attribute passes through `redact`, so a password or secret never reaches CloudWatch.
import { Logger } from "@aws-lambda-powertools/logger";
import { runtimeEnv } from "../env.server";
import { APP_VERSION, appRegion } from "../runtime.server";
import { isSensitiveKey, REDACTED, redactString } from "./redact";

type Level = "DEBUG" | "INFO" | "WARN" | "ERROR";

function levelFromEnv(): Level {
  const level = (runtimeEnv().LOG_LEVEL ?? "info").toUpperCase();
  return level === "DEBUG" || level === "WARN" || level === "ERROR" ? level : "INFO";
}

function replacer(key: string, value: unknown): unknown {
  if (key && isSensitiveKey(key) && value !== null && value !== undefined && value !== "") return REDACTED;
  return typeof value === "string" ? redactString(value) : value;
}

export function createLogger(): Logger {
  return new Logger({
    serviceName: "calcapp",
    logLevel: levelFromEnv(),
    persistentKeys: { region: appRegion(), version: APP_VERSION },
    jsonReplacerFn: replacer,
  });
}

export const logger = createLogger();
