import { Hono } from "hono";
import { WEBHOOK_PATH } from "../bot/channels/telegram/webhook-path.ts";
import { adminTokensRoutes } from "./admin/tokens-routes.ts";
import { funnelRoutes } from "./analytics/funnel-routes.ts";
import { adminUsersRoutes } from "./admin/users-routes.ts";
import { adminWhatsAppRoutes } from "./admin/whatsapp-routes.ts";
import { authRoutes } from "./auth/routes.ts";
import { broadcastsRoutes } from "./broadcasts/routes.ts";
import { calendarRoutes } from "./calendar/routes.ts";
import { consolePageRoutes } from "./console/page.ts";
import { consoleRoutes } from "./console/routes.ts";
import { adminSitesRoutes } from "./booking/admin-sites-routes.ts";
import { appointmentsRoutes } from "./booking/appointments-routes.ts";
import { bookingBurstsRoutes } from "./booking/bursts-routes.ts";
import { advisorAvailabilityRoutes } from "./booking/availability-routes.ts";
import { adminDemoRoutes } from "./booking/demo-routes.ts";
import { publicSitesRoutes } from "./booking/public-routes.ts";
import { errorBody, handleError } from "./errors.ts";
import { healthRoutes } from "./health/routes.ts";
import { appBodyLimit, refuseUnsafePath, securityHeaders } from "./security.ts";
import { adminProgramsRoutes } from "./programs/admin-routes.ts";
import { eligibilityRoutes } from "./programs/eligibility-routes.ts";
import { publicProgramsRoutes } from "./programs/public-routes.ts";
import { sheetRoutes } from "./sheet/routes.ts";
import { telegramWebhookRoutes } from "./telegram/webhook-routes.ts";
import { webchatRoutes } from "./webchat/routes.ts";
import { whatsappCloudWebhookRoutes } from "./whatsapp/cloud-webhook-routes.ts";
import type { AppDeps } from "./deps.ts";

/**
 * The HTTP transport: health, web chat, staff API. Handlers validate, call a domain
 * function, map the result; no SQL and no business rules here.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.onError(handleError(deps.log));
  app.notFound((c) => c.json(errorBody("not_found", `no route for ${c.req.method} ${c.req.path}`), 404));
  app.use(securityHeaders(deps.config));
  app.use(refuseUnsafePath());
  app.use(appBodyLimit(new Set([WEBHOOK_PATH])));
  app.route("/", healthRoutes(deps));
  app.route("/", authRoutes(deps));
  app.route("/api/v1/admin/users", adminUsersRoutes(deps));
  app.route("/api/v1/admin/tokens", adminTokensRoutes(deps));
  app.route("/api/v1/admin", funnelRoutes(deps));
  app.route("/api/v1/programs", publicProgramsRoutes(deps));
  app.route("/api/v1/eligibility", eligibilityRoutes(deps));
  app.route("/api/v1/admin/programs", adminProgramsRoutes(deps));
  app.route("/api/v1/admin/whatsapp", adminWhatsAppRoutes(deps, deps.whatsapp ?? null));
  app.route("/api/v1/sites", publicSitesRoutes(deps));
  app.route("/api/v1/admin/sites", adminSitesRoutes(deps));
  app.route("/api/v1/admin/advisors", advisorAvailabilityRoutes(deps));
  app.route("/api/v1/admin/demo-data", adminDemoRoutes(deps));
  app.route("/api/v1/appointments", appointmentsRoutes(deps));
  app.route("/api/v1/admin/bookings", bookingBurstsRoutes(deps));
  app.route("/api/v1/console", consoleRoutes(deps));
  app.route("/api/v1/admin/broadcasts", broadcastsRoutes(deps));
  app.route("/console", consolePageRoutes());
  app.route("/calendar", calendarRoutes(deps));
  app.route("/p", sheetRoutes(deps));
  if (deps.config.WEBCHAT_ENABLED) app.route("/", webchatRoutes(deps));
  if (deps.telegramWebhook) app.route("/", telegramWebhookRoutes(deps.telegramWebhook));
  if (deps.whatsappCloudWebhook) app.route("/", whatsappCloudWebhookRoutes(deps.whatsappCloudWebhook));
  return app;
}

export type App = ReturnType<typeof createApp>;
