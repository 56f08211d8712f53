// GET /history/export.csv: premium users get the CSV; free users a 403 page that says why and
// links to the upgrade; guests the login redirect.
import { requireSessionUser } from "../sessions/session.server";
import { csvExportResponse } from "./export.server";
import { isPremium } from "../billing/plan.server";

const PREMIUM_ONLY = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>CSV export is a Premium feature · CalcApp</title></head>
<body>
<main>
<h1>CSV export is a Premium feature</h1>
<p>Your history stays here either way. With Premium you can download all of it as a CSV file, search it and filter it by date.</p>
<p><a href="/billing">Upgrade to Premium</a> · <a href="/history">Back to your history</a></p>
</main>
</body>
</html>
`;

export async function handleExportRequest(request: Request): Promise<Response> {
  const user = await requireSessionUser(request);
  if (!(await isPremium(user.id))) {
    return new Response(PREMIUM_ONLY, { status: 403, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
  }
  return csvExportResponse(user.id);
}
