import { randomBytes, randomInt } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { whatsappCloudWebhookRoutes } from "../../api/whatsapp/cloud-webhook-routes.ts";
import { createWhatsAppCloudChannel } from "../../bot/channels/whatsapp-cloud/adapter.ts";
import { DEFAULT_TEMPLATES, templateNameFor, type TemplateSet } from "../../bot/channels/whatsapp-cloud/templates.ts";
import { LANGUAGES } from "../../bot/core/types.ts";
import { findCloudRecipient } from "../../db/whatsapp-cloud.ts";
import { loadConfig } from "../../lib/config.ts";
import { createLogger } from "../../lib/logger.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { scopedOutbox } from "../helpers/scoped-outbox.ts";
import { startFakeGraph, type FakeGraphOptions } from "./fake-graph.ts";
import type { ApprovedTemplate } from "./graph-schema.ts";

/** The templates Meta approved, as the fake knows them: the ones Rafiq is configured with. */
export function approvedFrom(set: TemplateSet = DEFAULT_TEMPLATES): ApprovedTemplate[] {
  return Object.values(set).flatMap((template) =>
    LANGUAGES.map((lang) => ({
      name: templateNameFor(template, lang),
      languages: [template.languages[lang]],
      bodyParameters: template.parameters.length,
      quickReplies: template.quickReplies,
    })),
  );
}

/** Credentials for one test run: a random phone number id keeps its buckets apart from other files'. */
export function cloudCredentials() {
  return {
    token: `EAAG-${randomBytes(12).toString("hex")}`,
    phoneNumberId: String(randomInt(100_000_000, 999_999_999)),
    appSecret: randomBytes(16).toString("hex"),
    verifyToken: `verify-${randomBytes(6).toString("hex")}`,
  };
}

/** The environment that switches WhatsApp to the Cloud API with these credentials (and this Graph API). */
export function cloudEnv(creds: ReturnType<typeof cloudCredentials>, graphUrl?: string): Record<string, string> {
  return {
    WHATSAPP_ENABLED: "true",
    WHATSAPP_PROVIDER: "cloud",
    WHATSAPP_CLOUD_ACCESS_TOKEN: creds.token,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: creds.phoneNumberId,
    WHATSAPP_CLOUD_APP_SECRET: creds.appSecret,
    WHATSAPP_CLOUD_VERIFY_TOKEN: creds.verifyToken,
    ...(graphUrl ? { WHATSAPP_CLOUD_GRAPH_URL: graphUrl } : {}),
  };
}

/**
 * The real Cloud API channel against the fake Graph API, on the test database: Meta's
 * webhook → engine → outbox → sender → fake, as main.ts wires them, with the runtime's
 * frozen clock shared by the fake (so windows and timestamps agree). The outbox drains
 * only this harness's own conversations: other test files share the database.
 */
export async function openCloudHarness(options: { fake?: Partial<FakeGraphOptions>; env?: Record<string, string> } = {}) {
  const creds = cloudCredentials();
  const env = { ...cloudEnv(creds), ...options.env };
  const runtime = await openTestRuntime(env);
  const fake = await startFakeGraph({ ...creds, templates: approvedFrom(), clock: () => runtime.clock.now().getTime(), ...options.fake });
  const config = loadConfig({ LOG_LEVEL: "silent", ...env, WHATSAPP_CLOUD_GRAPH_URL: fake.url });
  const log = createLogger("silent");
  const channel = createWhatsAppCloudChannel(config, { db: runtime.database.db, engine: runtime.engine, translator: runtime.translator, clock: runtime.clock, log });
  const app = new Hono().route("/", whatsappCloudWebhookRoutes(channel.webhook));
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.setWebhook(`${base}/whatsapp/webhook`);

  const scoped = scopedOutbox(runtime, channel.sender, log);

  await channel.start();

  /** A WhatsApp person with a wa_id no other test uses. */
  function person() {
    const waId = `2126${randomInt(10_000_000, 99_999_999)}`;
    const sent = () => fake.sentTo(waId);
    /** Sends what the person does and waits until `replies` more messages reached them; returns those. */
    async function exchange(message: Record<string, unknown>, replies: number, extra: { id?: string } = {}) {
      const before = sent().length;
      const result = await fake.inbound(waId, message, extra);
      if (result.status !== 200) throw new Error(`the webhook answered ${result.status}: ${result.body}`);
      if (replies === 0) return [];
      return fake.waitFor(() => sent().length >= before + replies && sent().slice(before));
    }
    return {
      waId,
      sent,
      exchange,
      text: (body: string, replies: number) => exchange({ type: "text", text: { body } }, replies),
      press: (id: string, replies: number) => exchange({ type: "interactive", interactive: { type: "button_reply", button_reply: { id, title: id } } }, replies),
      pick: (id: string, replies: number) => exchange({ type: "interactive", interactive: { type: "list_reply", list_reply: { id, title: id } } }, replies),
      quickReply: (payload: string, text: string, replies: number) => exchange({ type: "button", button: { payload, text } }, replies),
      recipient: () => findCloudRecipient(runtime.database.db, waId),
    };
  }

  return {
    runtime,
    fake,
    channel,
    outbox: scoped.outbox,
    config,
    base,
    person,
    /** Moves the shared clock (the app's and the fake's) forward. */
    advance(ms: number) {
      runtime.clock.advance(ms);
    },
    /** Drains one conversation now (after moving the clock, say). */
    watch: scoped.watch,
    async close() {
      await channel.stop();
      await scoped.close();
      server.close();
      await fake.close();
      await runtime.close();
    },
  };
}

export type CloudHarness = Awaited<ReturnType<typeof openCloudHarness>>;

/** What a recorded send carried, in a form tests can read. */
export function shapeOf(request: unknown): { type: string; kind?: string; body?: string; ids: string[]; titles: string[]; template?: string } {
  const r = request as Record<string, any>;
  if (r.type === "text") return { type: "text", body: r.text.body, ids: [], titles: [] };
  if (r.type === "template") {
    const buttons = (r.template.components ?? []).filter((c: any) => c.type === "button");
    return { type: "template", template: r.template.name, ids: buttons.map((b: any) => b.parameters[0].payload), titles: [] };
  }
  const i = r.interactive;
  if (i.type === "button") return { type: "interactive", kind: "button", body: i.body.text, ids: i.action.buttons.map((b: any) => b.reply.id), titles: i.action.buttons.map((b: any) => b.reply.title) };
  if (i.type === "list") {
    const rows = i.action.sections.flatMap((s: any) => s.rows);
    return { type: "interactive", kind: "list", body: i.body.text, ids: rows.map((row: any) => row.id), titles: rows.map((row: any) => row.title) };
  }
  return { type: "interactive", kind: i.type, body: i.body.text, ids: [], titles: [i.action.parameters.display_text] };
}
