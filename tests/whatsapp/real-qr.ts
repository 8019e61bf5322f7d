/**
 * Manual check, not part of `npm test`: starts the real whatsapp-web.js client with
 * Debian's Chromium and a throwaway DATA_DIR, through the same adapter as production,
 * and reports whether a pairing QR code arrived or why it did not.
 *
 *   node_modules/.bin/node tests/whatsapp/real-qr.ts [seconds=90]
 *
 * CHROMIUM_PATH overrides the browser (default /usr/bin/chromium). With network access
 * the QR code is drawn in the terminal; without it the report says how the attempt failed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createWhatsAppChannel } from "../../bot/channels/whatsapp/adapter.ts";
import { loadConfig } from "../../lib/config.ts";
import { createLogger } from "../../lib/logger.ts";

const seconds = Number(process.argv[2] ?? 90);
const dataDir = mkdtempSync(join(tmpdir(), "rafiq-wa-real-"));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? "info" });
const log = createLogger(config.LOG_LEVEL);
let qrs = 0;

const channel = createWhatsAppChannel(config, {
  intake: async (message) => {
    log.info({ from: message.externalUserId, kind: message.content.kind }, "a message arrived (not stored: manual check)");
    return { duplicate: false };
  },
  log,
  // One attempt is what this check is about; no retry within its time.
  reconnect: { firstDelayMs: 10 * 60_000, startTimeoutMs: seconds * 1000 },
  printQr: (qr) => {
    qrs += 1;
    process.stderr.write(`QR code #${qrs} (${qr.length} characters):\n`);
    import("../../bot/channels/whatsapp/qr.ts").then(({ printQrToTerminal }) => printQrToTerminal(qr)).catch(() => {});
  },
});

const started = Date.now();
await channel.start();
process.stderr.write(`start() resolved after ${Date.now() - started} ms; waiting up to ${seconds} s (Chromium: ${config.CHROMIUM_PATH})\n`);

const deadline = started + seconds * 1000;
let last = "";
while (Date.now() < deadline) {
  const state = channel.state();
  const line = JSON.stringify(state);
  if (line !== last) process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)} s  ${line}\n`);
  last = line;
  if (state.status === "qr" || state.status === "ready" || state.status === "failed") break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}

const final = channel.state();
const verdict =
  final.status === "qr"
    ? "a pairing QR code arrived: scan it from WhatsApp > Linked devices to pair"
    : final.status === "ready"
      ? "a stored session was restored: WhatsApp is ready"
      : final.status === "failed"
        ? `the client failed: ${final.lastError}`
        : `no QR code within ${seconds} s (status ${final.status})`;
process.stdout.write(`${JSON.stringify({ verdict, state: final, qrCodes: qrs, elapsedMs: Date.now() - started })}\n`);

await channel.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(final.status === "qr" || final.status === "ready" ? 0 : 1);
