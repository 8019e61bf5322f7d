import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { createApp } from "../../api/app.ts";
import { loadConfig } from "../../lib/config.ts";
import { createLogger } from "../../lib/logger.ts";
import { openRuntime, type Runtime } from "../../lib/runtime.ts";
import { freePort, startServer, stopServer } from "../smoke/support.ts";

/**
 * What the browser checks share: the real app on a free port over a temporary embedded
 * database, and Debian's Chromium driven by playwright-core. `close()` undoes it all.
 */

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const ARTIFACTS = fileURLToPath(new URL("../.artifacts/", import.meta.url));

/** Debian's Chromium, headless, as every browser check drives it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/**
 * `npm start` in a child process, as an operator runs it, on a fresh embedded database
 * (or DATABASE_URL's when set) with `env` on top; `close()` stops it and removes the data.
 */
export async function startAppProcess(name: string, env: Record<string, string>): Promise<{ base: string; close(): Promise<void> }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), `rafiq-${name}-`));
  const port = await freePort();
  const server = await startServer(port, {
    DATA_DIR: dataDir,
    LOG_LEVEL: "error",
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...env,
  });
  return {
    base: `http://127.0.0.1:${port}`,
    async close() {
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Collects page errors and console errors: a browser check ends by asserting there were
 * none. Chromium logs every refused request as an error; a check that provokes a refusal
 * on purpose (a duplicate email: 409) names that status in `expectedStatuses`.
 */
export function watchPage(page: Page, label: string, problems: string[], options: { expectedStatuses?: number[] } = {}) {
  const expected = new Set(options.expectedStatuses ?? []);
  page.on("pageerror", (error) => problems.push(`${label} page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const refused = /Failed to load resource: the server responded with a status of (\d+)/.exec(message.text());
    if (refused && expected.has(Number(refused[1]))) return;
    problems.push(`${label} console: ${message.text()}`);
  });
}

/** Opens the console at `base` and logs in through its form, as a person would. */
export async function logIntoConsole(page: Page, base: string, account: { email: string; password: string }) {
  await page.goto(`${base}/console`);
  await page.locator("[data-login] input[name=email]").fill(account.email);
  await page.locator("[data-login] input[name=password]").fill(account.password);
  await page.locator("[data-login] button[type=submit]").click();
}

/** Polls a condition read through locators (the console's CSP forbids evaluating strings in its pages). */
export async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

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
  const browser = await launchChromium();
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
