import type { Context } from "hono";
import type { ConsoleActor } from "../../bot/conversation/access.ts";
import { siteIdsOfAdvisor } from "../../db/conversations.ts";
import type { AppDeps } from "../deps.ts";
import { clientIp } from "../auth/client-ip.ts";
import type { AuthEnv } from "../auth/middleware.ts";
import { auditActor, callerOf } from "../auth/middleware.ts";

/** The caller as the conversation service knows them: role, sites (advisors), how the audit names them. */
export async function consoleActorOf(deps: AppDeps, c: Context<AuthEnv>): Promise<ConsoleActor> {
  const caller = callerOf(c);
  const { user } = caller;
  const siteIds = user.role === "advisor" ? await siteIdsOfAdvisor(deps.database.db, user.id) : [];
  return { id: user.id, name: user.name, role: user.role, siteIds, audit: { ...auditActor(caller), ip: clientIp(c, deps.config.TRUST_PROXY) } };
}

/** Which sites' conversations the actor's lists hold: null means every site (staff, admins). */
export function visibleSites(actor: ConsoleActor): readonly string[] | null {
  return actor.role === "advisor" ? actor.siteIds : null;
}
