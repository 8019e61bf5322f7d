import { Hono } from "hono";
import { z } from "zod";
import { countInbox, listAdvisorLoads, listInbox, loadConversationDetail } from "../../db/console.ts";
import { staffNamesByIds } from "../../db/staff.ts";
import { AppError } from "../../lib/errors.ts";
import { publicUrlOf } from "../../lib/runtime.ts";
import { readIdParam } from "../admin/id-param.ts";
import type { AppDeps } from "../app.ts";
import type { AuthEnv } from "../auth/middleware.ts";
import { authenticate, requireRole } from "../auth/middleware.ts";
import { readJson, readQuery } from "../validate.ts";
import { consoleActorOf, visibleSites } from "./actor.ts";
import { toConversationStateDto, toDetailDto, toInboxDto } from "./dto.ts";
import { createConsoleFeed } from "./feed.ts";
import { streamConsole } from "./stream.ts";
import { readConversationWindow } from "../../bot/conversation/message-window.ts";

/** Longest reply or note: a long WhatsApp message; longer is a document, not a chat. */
export const MAX_CONSOLE_TEXT_CHARS = 4_000;

const inboxQuery = z.strictObject({ view: z.enum(["waiting", "mine", "all"]).default("waiting") });
const writtenBody = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1, "write something")
    .refine((text) => [...text].length <= MAX_CONSOLE_TEXT_CHARS, `at most ${MAX_CONSOLE_TEXT_CHARS} characters`),
  // The page's own id for this message: a double click or a retry is carried out once.
  clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "1-100 characters among A-Z a-z 0-9 _ -"),
});
const assignBody = z.strictObject({ advisorId: z.uuid().nullable() });
const notifyBody = z.strictObject({ clientMessageId: writtenBody.shape.clientMessageId });

/**
 * `/api/v1/console`: the advisor console's API. Advisors see their sites' conversations,
 * staff and admins all; every opening is audited; every write goes through the
 * conversation service (row lock, event log, audit) and needs the session's CSRF token.
 */
export function consoleRoutes(deps: AppDeps) {
  const db = deps.database.db;
  const feed = createConsoleFeed(deps.database, deps.log);
  const service = deps.conversations;
  const publicUrl = publicUrlOf(deps.config);

  const change = (result: { conversation: Parameters<typeof toConversationStateDto>[0]; createdId?: number; duplicate?: boolean }) => ({
    conversation: toConversationStateDto(result.conversation),
    ...(result.createdId !== undefined ? { id: result.createdId } : {}),
    duplicate: result.duplicate ?? false,
  });

  return new Hono<AuthEnv>()
    .use(authenticate(deps), requireRole("advisor", "staff", "admin"))
    .get("/inbox", async (c) => {
      const { view } = readQuery(c, inboxQuery);
      const actor = await consoleActorOf(deps, c);
      const scope = { viewerId: actor.id, siteIds: visibleSites(actor) };
      const [rows, counts] = [await listInbox(db, { view, ...scope }), await countInbox(db, scope)];
      c.header("Cache-Control", "no-store");
      return c.json({ view, conversations: rows.map(toInboxDto), counts });
    })
    .get("/conversations/:id", async (c) => {
      const id = readIdParam(c);
      const actor = await consoleActorOf(deps, c);
      const detail = await loadConversationDetail(db, id);
      if (!detail) throw new AppError("not_found", "no conversation with this id", 404);
      await service.recordOpened(actor, detail.conversation);
      const mentioned = detail.events.flatMap((event) => ["assigneeId", "previousAssigneeId", "advisorId"].map((key) => event.data[key]));
      const names = await staffNamesByIds(db, mentioned.filter((value): value is string => typeof value === "string"));
      // WhatsApp's 24-hour window (null where none applies): the reply box follows it.
      const window = await readConversationWindow(db, detail.conversation, deps.config.WHATSAPP_PROVIDER, deps.clock.now());
      c.header("Cache-Control", "no-store");
      return c.json({ ...toDetailDto(detail, deps.catalogue.current(), names, publicUrl), window: window && { open: window.open, closesAt: window.closesAt?.toISOString() ?? null } });
    })
    .post("/conversations/:id/takeover", async (c) => {
      const id = readIdParam(c);
      return c.json(change(await service.takeOver(await consoleActorOf(deps, c), id)));
    })
    .post("/conversations/:id/reply", async (c) => {
      const id = readIdParam(c);
      const body = await readJson(c, writtenBody);
      return c.json(change(await service.reply(await consoleActorOf(deps, c), id, body)));
    })
    .post("/conversations/:id/notify", async (c) => {
      const id = readIdParam(c);
      const body = await readJson(c, notifyBody);
      return c.json(change(await service.notifyAnswered(await consoleActorOf(deps, c), id, body)));
    })
    .post("/conversations/:id/notes", async (c) => {
      const id = readIdParam(c);
      const body = await readJson(c, writtenBody);
      return c.json(change(await service.addNote(await consoleActorOf(deps, c), id, body)));
    })
    .post("/conversations/:id/release", async (c) => {
      const id = readIdParam(c);
      return c.json(change(await service.handBack(await consoleActorOf(deps, c), id, "released")));
    })
    .post("/conversations/:id/resolve", async (c) => {
      const id = readIdParam(c);
      return c.json(change(await service.handBack(await consoleActorOf(deps, c), id, "resolved")));
    })
    .post("/conversations/:id/assign", async (c) => {
      const id = readIdParam(c);
      const body = await readJson(c, assignBody);
      return c.json(change(await service.assign(await consoleActorOf(deps, c), id, body.advisorId)));
    })
    .get("/advisors", async (c) => {
      const actor = await consoleActorOf(deps, c);
      const advisors = await listAdvisorLoads(db, visibleSites(actor));
      return c.json({
        advisors: advisors.map((advisor) => ({ ...advisor, consoleSeenAt: advisor.consoleSeenAt?.toISOString() ?? null })),
      });
    })
    .get("/stream", async (c) => streamConsole(c, deps, feed, await consoleActorOf(deps, c)));
}

