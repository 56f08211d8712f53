// Facts about the running deployment that health checks and logs report.
export const APP_VERSION = __APP_VERSION__;

export function appRegion(): string {
  return process.env.APP_REGION ?? process.env.AWS_REGION ?? "local";
}
