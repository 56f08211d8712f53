// One cold start: a fresh node process loads a Lambda handler and answers one API Gateway v2 event.
// Exits explicitly: Remix's entry.server keeps a 5 s abort timer alive.
const [handlerUrl, eventJson] = process.argv.slice(2);
const { handler } = await import(handlerUrl);
const result = await handler(JSON.parse(eventJson), { getRemainingTimeInMillis: () => 30_000 });
// A guest's answer may be a redirect (e.g. /history sends guests to log in); errors are failures.
if (result.statusCode >= 400) {
  console.error(`status ${result.statusCode}`);
  process.exit(1);
}
process.exit(0);
