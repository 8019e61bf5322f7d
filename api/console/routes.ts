import { Hono } from "hono";
import { z } from "zod";
import { LANGUAGES } from "../../bot/core/types.ts";
import { normalizeLabel } from "../../bot/conversation/labels.ts";
import { countInbox, listAdvisorLoads, listInbox, loadConversationDetail } from "../../db/console.ts";
import { listLabelsInUse } from "../../db/labels.ts";
import { searchConversations } from "../../db/search.ts";
import { setLinkCode, staffChats, unlinkStaff } from "../../db/staff-links.ts";
import { hashLinkCode, LINK_CODE_TTL_MS, newLinkCode } from "../../bot/conversation/link-code.ts";
import { staffNamesByIds } from "../../db/staff.ts";
import { AppError } from "../../lib/errors.ts";
import { publicUrlOf } from "../../lib/runtime.ts";
import { readIdParam } from "../admin/id-param.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthEnv } from "../auth/middleware.ts";
import { authenticate, callerOf, requireRole } from "../auth/middleware.ts";
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
const label = z.string().transform((value, ctx) => normalizeLabel(value) ?? (ctx.addIssue({ code: "custom", message: "a label of 1-40 characters with a letter or digit" }), z.NEVER));
const labelBody = z.strictObject({ label });
const searchQuery = z.strictObject({
  q: z.string().max(200).default(""),
  site: z.string().max(100).optional(),
  language: z.enum(LANGUAGES).optional(),
  channel: z.enum(["web", "telegram", "whatsapp", "cli"]).optional(),
  status: z.enum(["bot", "waiting", "advisor", "closed"]).optional(),
  label: label.optional(),
  assignee: z.union([z.uuid(), z.literal("none"), z.literal("me")]).optional(),
});
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
    .get("/search", async (c) => {
      const query = readQuery(c, searchQuery);
      const actor = await consoleActorOf(deps, c);
      const filters = {
        ...(query.site ? { siteId: query.site } : {}),
        ...(query.language ? { language: query.language } : {}),
        ...(query.channel ? { channel: query.channel } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.label ? { label: query.label } : {}),
        ...(query.assignee ? { assigneeId: query.assignee === "me" ? actor.id : query.assignee } : {}),
      };
      const rows = await searchConversations(db, { query: query.q, filters, siteIds: visibleSites(actor) });
      c.header("Cache-Control", "no-store");
      return c.json({ conversations: rows.map((row) => ({ ...toInboxDto(row), matchedText: row.matchedText })) });
    })
    // The caller's own chat with the bot (Telegram or web chat), for alerts and test sends: linked with a one-time code.
    .get("/me/chat", async (c) => {
      const [chat] = await staffChats(db, [callerOf(c).user.id]);
      c.header("Cache-Control", "no-store");
      return c.json({ linked: chat ? { channel: chat.channel } : null });
    })
    .post("/me/link-code", async (c) => {
      const { code, display } = newLinkCode();
      const now = deps.clock.now();
      const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MS);
      await setLinkCode(db, callerOf(c).user.id, hashLinkCode(code), expiresAt, now);
      c.header("Cache-Control", "no-store");
      return c.json({ code: display, expiresAt: expiresAt.toISOString() });
    })
    .delete("/me/chat", async (c) => {
      await unlinkStaff(db, callerOf(c).user.id, deps.clock.now());
      return c.json({ linked: null });
    })
    .get("/labels", async (c) => {
      c.header("Cache-Control", "no-store");
      return c.json({ labels: await listLabelsInUse(db) });
    })
    .post("/conversations/:id/labels", async (c) => {
      const id = readIdParam(c);
      const body = await readJson(c, labelBody);
      return c.json(change(await service.setLabel(await consoleActorOf(deps, c), id, body.label, true)));
    })
    .delete("/conversations/:id/labels/:label", async (c) => {
      const id = readIdParam(c);
      const parsed = label.safeParse(c.req.param("label"));
      if (!parsed.success) throw new AppError("invalid_request", "label: a label of 1-40 characters with a letter or digit", 400);
      return c.json(change(await service.setLabel(await consoleActorOf(deps, c), id, parsed.data, false)));
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
      return c.json({ ...toDetailDto(detail, deps.catalogue.current(), names, publicUrl, deps.translator), window: window && { open: window.open, closesAt: window.closesAt?.toISOString() ?? null } });
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

