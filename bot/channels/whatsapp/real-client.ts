import { join } from "node:path";
import wwebjs from "whatsapp-web.js";
import type { Config } from "../../../lib/config.ts";
import type { WhatsAppClientPort } from "./client-port.ts";

// whatsapp-web.js is CommonJS; Node's ESM loader only finds some of its names, so take them from the default export.
const { Client, LocalAuth } = wwebjs;

export type WhatsAppWebClientConfig = Pick<Config, "DATA_DIR" | "CHROMIUM_PATH">;

/**
 * Chromium flags for a headless server: no sandbox (containers run as root without user
 * namespaces), no GPU, /tmp instead of a small /dev/shm, and none of Chrome's own
 * background traffic (updates, sync) on a machine that should only talk to WhatsApp.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * The real whatsapp-web.js client: Debian's Chromium (puppeteer's own download is skipped
 * by .puppeteerrc.cjs), and the session kept under DATA_DIR/whatsapp by LocalAuth so a
 * restart does not need a new QR scan. Constructing it starts nothing; `initialize()` does.
 */
export function createWhatsAppWebClient(config: WhatsAppWebClientConfig): WhatsAppClientPort {
  return new Client({
    authStrategy: new LocalAuth({ dataPath: join(config.DATA_DIR, "whatsapp") }),
    puppeteer: { executablePath: config.CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS },
  });
}
