// Where development mail goes when SES_ENDPOINT is not set: the loopback SES fake that `npm run
// dev` (and `npm run dev:mail`) starts. Sandbox hands its Lambdas only .env, so this default is
// what lets a fresh clone's sign-up mail reach /dev/mail.
export const DEV_SES_FAKE_PORT = 12112;
export const DEV_SES_FAKE_URL = `http://127.0.0.1:${DEV_SES_FAKE_PORT}`;
