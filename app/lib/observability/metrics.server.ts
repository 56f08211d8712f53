// Business metrics as CloudWatch Embedded Metric Format (EMF): one JSON line on stdout per data
// point, which CloudWatch Logs turns into metrics with no API call, no SDK and no extra latency.
// Written by hand (~50 lines) rather than with @aws-lambda-powertools/metrics because Powertools
// buffers and needs a flush at the end of every invocation; a line per event needs neither.
// The CloudWatch dashboard and the "failed payment rate" alarm read these (terraform/modules/monitoring).
import { processEnv, type EnvSource } from "../env.server";
import { REDACTED, isSensitiveKey, redactString } from "./redact";

export type MetricName =
  | "SubscriptionCreated"
  | "SubscriptionCanceled"
  | "PaymentSucceeded"
  | "PaymentFailed"
  | "PaymentDisputed"
  | "PaymentRefunded"
  | "StripeApiVersionMismatch"
  | "UserRegistered"
  | "CalculationPerformed"
  | "DailyActiveUsers"
  | "ColdStart";

export type MetricUnit = "Count" | "Milliseconds" | "Seconds" | "Bytes" | "Percent" | "None";

/** Searchable context for the log line (ids, types). Never emails or secrets. */
export type MetricProperties = Record<string, string | number | boolean>;

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/g;

export function metricsEnvironment(env: EnvSource = processEnv()): string {
  return env.APP_ENV || "development";
}

/** The EMF document for one data point (exported for tests). */
export function emfDocument(
  name: MetricName,
  value: number,
  unit: MetricUnit,
  properties: MetricProperties = {},
  environment = metricsEnvironment(),
  timestamp = Date.now(),
): Record<string, unknown> {
  const safe: Record<string, string | number | boolean> = {};
  for (const [key, item] of Object.entries(properties)) {
    // The envelope and the metric's own members must not be overwritten by a property.
    if (key === "_aws" || key === "Environment" || key === name) continue;
    safe[key] = isSensitiveKey(key) ? REDACTED : typeof item === "string" ? redactString(item).replace(EMAIL, REDACTED) : item;
  }
  return {
    ...safe,
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        { Namespace: `CalcApp/${environment}`, Dimensions: [["Environment"]], Metrics: [{ Name: name, Unit: unit }] },
      ],
    },
    Environment: environment,
    [name]: value,
  };
}

/**
 * Emits one data point. Written with process.stdout.write, not console.log: Lambda's text log
 * format prefixes console output with a timestamp and request id, and CloudWatch only extracts
 * EMF from log events that are pure JSON.
 */
export function emitMetric(name: MetricName, value = 1, unit: MetricUnit = "Count", properties?: MetricProperties): void {
  process.stdout.write(`${JSON.stringify(emfDocument(name, value, unit, properties))}\n`);
}
