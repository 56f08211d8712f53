// Runs the fake SES on its own: `tsx tests/support/ses-fake/cli.ts` (`npm run dev:mail`).
// SES_FAKE_PORT (12112). Point the app at it with SES_ENDPOINT=http://127.0.0.1:12112; the sent
// mail is listed at that address.
import { DEV_SES_FAKE_PORT } from "../../../app/lib/email/dev-ses";
import { startSesFake } from "./server";

const fake = await startSesFake({ port: Number(process.env.SES_FAKE_PORT ?? DEV_SES_FAKE_PORT) });
console.log(`Fake SES on ${fake.url} (sent mail listed at ${fake.url}/)`);
const stop = () => void fake.close().finally(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
