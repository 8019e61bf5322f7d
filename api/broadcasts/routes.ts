import { Hono, type Context } from "hono";
import type { BroadcastActor } from "../../bot/broadcast/service.ts";
import { broadcastStats, broadcastStatsOf, listBroadcasts } from "../../db/broadcasts.ts";
import { countSegment } from "../../db/segments.ts";
import { readIdParam } from "../admin/id-param.ts";
import type { AppDeps } from "../deps.ts";
import { clientIp } from "../auth/client-ip.ts";
import type { AuthEnv } from "../auth/middleware.ts";
import { auditActor, authenticate, callerOf, requireRole } from "../auth/middleware.ts";
import { readJson } from "../validate.ts";
import { previewOf, toBroadcastDto } from "./dto.ts";
import { countBody, createBody, patchBody, previewBody, sendBody, testBody } from "./schemas.ts";
import { composeBroadcast } from "../../bot/broadcast/message.ts";
import { messageStaff, staffLang } from "../../bot/conversation/staff-alerts.ts";
import type { ChannelName } from "../../bot/core/types.ts";
import { recordAudit } from "../../db/audit.ts";
import { staffChats } from "../../db/staff-links.ts";
import { AppError } from "../../lib/errors.ts";

/**
 * `/api/v1/admin/broadcasts`: programme staff write announcements, see who they reach,
 * send or schedule them, cancel them and follow their delivery. Every write goes through
 * the broadcast service (row lock, audit) and, with a session, needs the CSRF token.
 */
export function broadcastsRoutes(deps: AppDeps) {
  const db = deps.database.db;
  const service = deps.broadcasts;
  const actorOf = (c: Context<AuthEnv>): BroadcastActor => {
    const caller = callerOf(c);
    return { userId: caller.user.id, audit: { ...auditActor(caller), ip: clientIp(c, deps.config.TRUST_PROXY) } };
  };
  const withStats = async (id: string) => {
    const row = await service.find(id);
    return toBroadcastDto(row, await broadcastStats(db, row));
  };

  return new Hono<AuthEnv>()
    .use(authenticate(deps), requireRole("staff", "admin"))
    .get("/", async (c) => {
      const rows = await listBroadcasts(db);
      const stats = await broadcastStatsOf(db, rows.map((row) => row.id));
      c.header("Cache-Control", "no-store");
      return c.json({ broadcasts: rows.map((row) => toBroadcastDto(row, stats.get(row.id))) });
    })
    .post("/", async (c) => {
      const body = await readJson(c, createBody);
      const row = await service.create(actorOf(c), body);
      return c.json({ broadcast: toBroadcastDto(row), preview: previewOf(row, deps.translator) }, 201);
    })
    .post("/preview", async (c) => {
      const body = await readJson(c, previewBody);
      return c.json({ preview: previewOf(body, deps.translator) });
    })
    .post("/test", async (c) => {
      // Goes to the caller's own linked chat (Telegram or web chat), as a person reading that language gets it.
      const body = await readJson(c, testBody);
      const caller = callerOf(c);
      const [chat] = await staffChats(db, [caller.user.id]);
      if (!chat) throw new AppError("no_linked_chat", "link your Telegram or web chat in the console first (a one-time code)", 409);
      const lang = staffLang(chat);
      const t = deps.translator.forLang(lang);
      const message = composeBroadcast(body, lang, t);
      await db.transaction(async (tx) => {
        await messageStaff(tx, chat, { kind: "text", text: t("staff:testSend", { title: body.title }) });
        await messageStaff(tx, chat, message);
        await recordAudit(tx, { at: deps.clock.now(), ...auditActor(caller), action: "broadcast.test_sent", subjectType: "staff_user", subjectId: caller.user.id, details: { channel: chat.channel, lang } });
      });
      deps.engine.events.emit("outbound", chat.conversationId, chat.channel as ChannelName);
      return c.json({ sent: { channel: chat.channel, lang } });
    })
    .post("/count", async (c) => {
      const { segment } = await readJson(c, countBody);
      return c.json(await countSegment(db, segment, deps.clock.now()));
    })
    .get("/:id", async (c) => {
      const row = await service.find(readIdParam(c));
      c.header("Cache-Control", "no-store");
      return c.json({ broadcast: toBroadcastDto(row, await broadcastStats(db, row)), preview: previewOf(row, deps.translator) });
    })
    .patch("/:id", async (c) => {
      const id = readIdParam(c);
      const body = await readJson(c, patchBody);
      const row = await service.update(actorOf(c), id, body);
      return c.json({ broadcast: toBroadcastDto(row), preview: previewOf(row, deps.translator) });
    })
    .post("/:id/send", async (c) => {
      const id = readIdParam(c);
      const { at, spreadOverDays } = await readJson(c, sendBody);
      await service.schedule(actorOf(c), id, at ? new Date(at) : null, { spreadOverDays });
      return c.json({ broadcast: await withStats(id) });
    })
    .post("/:id/cancel", async (c) => {
      const id = readIdParam(c);
      await service.cancel(actorOf(c), id);
      return c.json({ broadcast: await withStats(id) });
    });
}
