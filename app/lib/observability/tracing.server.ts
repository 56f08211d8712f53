// X-Ray tracing with AWS Lambda Powertools Tracer: one subsegment per database and Redis call.
// Only on Lambda (AWS_EXECUTION_ENV set, as the runtime does) and only when not switched off
// with POWERTOOLS_TRACE_ENABLED=false; elsewhere the tracer is never even loaded.
import type { Tracer } from "@aws-lambda-powertools/tracer";
import { runtimeEnv } from "../env.server";

let loading: Promise<Tracer> | undefined;

export function tracingEnabled(): boolean {
  const env = runtimeEnv();
  return Boolean(env.AWS_EXECUTION_ENV) && env.POWERTOOLS_TRACE_ENABLED !== "false";
}

function getTracer(): Promise<Tracer> | null {
  if (!tracingEnabled()) return null;
  loading ??= import("@aws-lambda-powertools/tracer").then(
    ({ Tracer }) => new Tracer({ serviceName: "calcapp", captureHTTPsRequests: false }),
  );
  return loading;
}

export type TraceKind = "database" | "redis" | "http";

/**
 * Runs `call` inside an X-Ray subsegment named `name` (e.g. "postgres User.findUnique"). The
 * subsegment hangs off the invocation's segment and is not made current, so calls a page makes
 * in parallel each get their own.
 */
export async function traceCall<T>(kind: TraceKind, name: string, call: () => Promise<T>): Promise<T> {
  const pending = getTracer();
  if (!pending) return call();
  const tracer = await pending;
  const parent = tracer.getSegment();
  if (!parent) return call();
  const subsegment = parent.addNewSubsegment(name);
  subsegment.namespace = "remote";
  subsegment.addAnnotation("kind", kind);
  try {
    return await call();
  } catch (error) {
    subsegment.addError(error as Error);
    throw error;
  } finally {
    subsegment.close();
  }
}
