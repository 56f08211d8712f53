// What the account code calls when every token of a user must stop working: a password change,
// "log out everywhere", a deleted account. Loads only the store (no JOSE).
import { getStore } from "../store/get-store.server";
import { revokeUserFamilies } from "./families.server";

/** Revokes every API token (refresh and access) of the user; returns how many sign-ins ended. */
export async function revokeUserTokens(userId: string): Promise<number> {
  return revokeUserFamilies(await getStore(), userId);
}
