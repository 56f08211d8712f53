// GET /v1/me: who the access token belongs to, and their plan.
import { requireApiCaller } from "./bearer.server";
import { answeringProblems, apiJson, methodNotAllowed } from "../http/problem";

export function meEndpoint(request: Request): Promise<Response> {
  return answeringProblems(async () => {
    if (request.method.toUpperCase() !== "GET") return methodNotAllowed("GET");
    const { user, premium } = await requireApiCaller(request);
    return apiJson({ id: user.id, email: user.email, created_at: user.createdAt.toISOString(), plan: premium ? "premium" : "free" });
  });
}
