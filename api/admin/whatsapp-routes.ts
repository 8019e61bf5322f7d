import { Hono } from "hono";
import { recordAudit } from "../../db/audit.ts";
import { AppError } from "../../lib/errors.ts";
import type { AppDeps, WhatsAppAdminView } from "../deps.ts";
import { clientIp } from "../auth/client-ip.ts";
import type { AuthEnv } from "../auth/middleware.ts";
import { auditActor, authenticate, callerOf, requireRole } from "../auth/middleware.ts";

/**
 * `/api/v1/admin/whatsapp`: the WhatsApp Web session, for admins only — whoever scans the
 * QR code links their phone's WhatsApp account to Rafiq, so every fetch of it is audited.
 * `whatsapp` is null when WHATSAPP_ENABLED is off.
 */
export function adminWhatsAppRoutes(deps: AppDeps, whatsapp: WhatsAppAdminView | null) {
  return new Hono<AuthEnv>()
    .use(authenticate(deps), requireRole("admin"))
    .get("/status", (c) => c.json(whatsapp ? { enabled: true, ...whatsapp.state() } : { enabled: false }))
    .get("/qr", async (c) => {
      if (!whatsapp) throw new AppError("no_qr", "WhatsApp is not enabled (WHATSAPP_ENABLED=false)", 404);
      const png = await whatsapp.qrPng();
      if (!png) {
        const { status } = whatsapp.state();
        throw new AppError("no_qr", `no pairing QR code right now (WhatsApp status: ${status})`, 404, { status });
      }
      const caller = callerOf(c);
      await recordAudit(deps.database.db, {
        at: deps.clock.now(),
        ...auditActor(caller),
        action: "whatsapp.qr_viewed",
        subjectType: "whatsapp_session",
        ip: clientIp(c, deps.config.TRUST_PROXY),
      });
      return c.body(new Uint8Array(png), 200, { "content-type": "image/png", "cache-control": "no-store" });
    });
}
