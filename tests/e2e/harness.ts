import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { chromium, type Browser } from "playwright-core";
import { createApp } from "../../api/app.ts";
import { loadConfig } from "../../lib/config.ts";
import { createLogger } from "../../lib/logger.ts";
import { openRuntime, type Runtime } from "../../lib/runtime.ts";

/**
 * What the browser checks share: the real app on a free port over a temporary embedded
 * database, and Debian's Chromium driven by playwright-core. `close()` undoes it all.
 */

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const ARTIFACTS = fileURLToPath(new URL("../.artifacts/", import.meta.url));

export interface BrowserHarness {
  runtime: Runtime;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startBrowserHarness(env: Record<string, string> = {}): Promise<BrowserHarness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "rafiq-e2e-"));
  const runtime = await openRuntime(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env }), createLogger("warn"));
  const server = serve({ fetch: createApp(runtime).fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  return {
    runtime,
    base,
    browser,
    async close() {
      await browser.close();
      server.close();
      runtime.catalogue.stop();
      await runtime.database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
