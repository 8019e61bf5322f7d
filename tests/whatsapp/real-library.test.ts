import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import wwebjs from "whatsapp-web.js";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createWhatsAppChannel } from "../../bot/channels/whatsapp/adapter.ts";
import { CHROMIUM_ARGS, createWhatsAppWebClient } from "../../bot/channels/whatsapp/real-client.ts";
import { capturingLogger, FAST_RECONNECT, FAST_WHATSAPP, until } from "./harness.ts";

const dataDir = mkdtempSync(join(tmpdir(), "rafiq-wa-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The options whatsapp-web.js keeps on the client (not in its typings, so parsed). */
const clientOptions = z.object({
  options: z.object({
    puppeteer: z.object({ executablePath: z.string(), headless: z.boolean(), args: z.array(z.string()) }),
    authStrategy: z.instanceof(wwebjs.LocalAuth),
  }),
});

describe("the real whatsapp-web.js client", () => {
  it("is built with Debian's Chromium, headless, and its session under DATA_DIR/whatsapp (nothing is started)", () => {
    const client = createWhatsAppWebClient({ DATA_DIR: dataDir, CHROMIUM_PATH: "/usr/bin/chromium" });
    expect(client).toBeInstanceOf(wwebjs.Client);
    const { options } = clientOptions.parse(client);
    expect(options.puppeteer).toMatchObject({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
    expect(options.authStrategy.dataPath).toBe(join(dataDir, "whatsapp"));
  });

  it("leaves the channel failed, not the process, when Chromium is missing", async () => {
    const logs = capturingLogger();
    const channel = createWhatsAppChannel(
      { DATA_DIR: dataDir, CHROMIUM_PATH: join(dataDir, "no-chromium-here"), ...FAST_WHATSAPP },
      {
        intake: async () => ({ duplicate: false }),
        log: logs.log,
        reconnect: { ...FAST_RECONNECT, firstDelayMs: 60_000 },
        printQr: () => {},
      },
    );
    await channel.start(); // resolves at once
    try {
      await until(() => channel.state().status === "failed", "the failed state", 20_000);
      expect(channel.state()).toMatchObject({ status: "failed", qrAvailable: false, reconnectAttempts: 1 });
      expect(channel.state().lastError).toMatch(/no-chromium-here|executablePath|ENOENT/);
      expect(logs.messages()).toContain("WhatsApp will reconnect after a pause");
    } finally {
      await channel.stop();
    }
  });
});
