import type { Clock } from "../../../lib/clock.ts";
import type { Logger } from "../../../lib/logger.ts";
import type { WhatsAppClientPort, WhatsAppMessagePort } from "./client-port.ts";
import { errorMessage, withTimeout } from "./timeout.ts";

export type WhatsAppStatus = "starting" | "qr" | "authenticated" | "ready" | "disconnected" | "failed";

/** What an admin sees at /api/v1/admin/whatsapp/status. */
export interface WhatsAppState {
  status: WhatsAppStatus;
  /** A pairing QR code is waiting to be scanned (GET /api/v1/admin/whatsapp/qr). */
  qrAvailable: boolean;
  /** When the status last changed (ISO 8601). */
  since: string;
  lastError?: string;
  /** Reconnection attempts since the session was last ready. */
  reconnectAttempts: number;
}

export interface ReconnectPolicy {
  /** Delay before the first retry; doubled at each failure, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Longest wait for WhatsApp Web to load (QR or session) before the attempt counts as failed. */
  startTimeoutMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { firstDelayMs: 5_000, maxDelayMs: 10 * 60_000, startTimeoutMs: 3 * 60_000 };
const DESTROY_TIMEOUT_MS = 15_000;
export const ADMIN_QR_PATH = "/api/v1/admin/whatsapp/qr";

export interface WhatsAppConnection {
  /** Starts connecting in the background; never throws, never blocks. */
  start(): void;
  stop(): Promise<void>;
  state(): WhatsAppState;
  qr(): string | null;
  /** The client when the session is ready to send, else null. */
  readyClient(): WhatsAppClientPort | null;
  /** A send found the browser gone: reconnect rather than fail every send until someone notices. */
  reportBroken(reason: string): void;
}

/**
 * The WhatsApp Web session's lifecycle: connect, show the QR, become ready; on a
 * disconnect, an auth failure, a browser that cannot start or a page that never loads,
 * close the client and start a fresh one after a bounded exponential backoff — forever,
 * in the background, so the rest of Rafiq keeps serving while WhatsApp is away.
 */
export function createWhatsAppConnection(deps: {
  /** A client per attempt. Returning the same object every time is allowed (tests). */
  createClient: () => WhatsAppClientPort | Promise<WhatsAppClientPort>;
  onMessage: (message: WhatsAppMessagePort) => void;
  onQr: (qr: string) => void;
  log: Logger;
  clock: Clock;
  reconnect: ReconnectPolicy;
}): WhatsAppConnection {
  const { log } = deps;
  let status: WhatsAppStatus = "starting";
  let since = deps.clock.now();
  let lastError: string | undefined;
  let attempts = 0;
  let qr: string | null = null;
  let client: WhatsAppClientPort | null = null;
  // Bumped whenever an attempt is abandoned, so its late outcome is ignored.
  let generation = 0;
  let stopped = true;
  let retryTimer: NodeJS.Timeout | null = null;
  let watchdog: NodeJS.Timeout | null = null;
  const listening = new WeakSet<WhatsAppClientPort>();

  function setStatus(next: WhatsAppStatus, error?: string) {
    if (next !== status) since = deps.clock.now();
    status = next;
    if (error !== undefined) lastError = error;
  }

  function listen(target: WhatsAppClientPort) {
    if (listening.has(target)) return;
    listening.add(target);
    const live = () => !stopped && target === client;
    target.on("qr", (code) => {
      if (!live()) return;
      clearWatchdog();
      const first = qr === null;
      qr = code;
      setStatus("qr");
      deps.onQr(code);
      if (first) log.info({ adminQrPath: ADMIN_QR_PATH }, "WhatsApp needs pairing: scan the QR code (printed above) from the phone's WhatsApp > Linked devices; an admin can also fetch it as an image");
      else log.debug("WhatsApp pairing QR code refreshed");
    });
    target.on("authenticated", () => {
      if (!live()) return;
      clearWatchdog();
      qr = null;
      setStatus("authenticated");
      log.info("WhatsApp session authenticated; loading chats");
    });
    target.on("ready", () => {
      if (!live()) return;
      clearWatchdog();
      qr = null;
      attempts = 0;
      lastError = undefined;
      setStatus("ready");
      log.info("WhatsApp is connected and ready");
    });
    target.on("auth_failure", (message) => {
      if (!live()) return;
      log.error({ reason: message }, "WhatsApp authentication failed; restarting the session (a new QR code may be needed)");
      lose("failed", `auth_failure: ${message}`);
    });
    target.on("disconnected", (reason) => {
      if (!live()) return;
      log.warn({ reason }, "WhatsApp disconnected");
      lose("disconnected", `disconnected: ${reason}`);
    });
    target.on("message", (message) => {
      if (live()) deps.onMessage(message);
    });
  }

  function lose(next: WhatsAppStatus, reason: string) {
    generation += 1;
    clearWatchdog();
    qr = null;
    setStatus(next, reason);
    scheduleReconnect();
  }

  async function connect() {
    const attempt = ++generation;
    setStatus("starting");
    let target: WhatsAppClientPort;
    try {
      target = await deps.createClient();
    } catch (error) {
      if (attempt === generation && !stopped) fail(null, error);
      return;
    }
    if (stopped || attempt !== generation) {
      if (target !== client) await destroy(target);
      return;
    }
    client = target;
    listen(target);
    armWatchdog(attempt, target);
    try {
      await target.initialize();
    } catch (error) {
      if (attempt === generation && !stopped) fail(target, error);
      return;
    }
    if (attempt === generation) {
      clearWatchdog(); // loaded: from here on the client's events tell what happens
      return;
    }
    // Abandoned while loading (stopped, or timed out and replaced): close what it opened.
    if (stopped || target !== client) await destroy(target);
  }

  function fail(target: WhatsAppClientPort | null, error: unknown) {
    const message = errorMessage(error);
    log.error({ err: message, reconnectAttempts: attempts }, "WhatsApp could not start; the other channels keep working and it will retry");
    lose("failed", message);
    if (target) void destroy(target);
  }

  function armWatchdog(attempt: number, target: WhatsAppClientPort) {
    clearWatchdog();
    watchdog = setTimeout(() => {
      watchdog = null;
      if (attempt !== generation || stopped || status !== "starting") return;
      fail(target, new Error(`WhatsApp Web did not load within ${Math.round(deps.reconnect.startTimeoutMs / 1000)} s`));
    }, deps.reconnect.startTimeoutMs);
    watchdog.unref();
  }

  function clearWatchdog() {
    if (watchdog) clearTimeout(watchdog);
    watchdog = null;
  }

  function scheduleReconnect() {
    if (stopped || retryTimer) return;
    attempts += 1;
    const delayMs = Math.min(deps.reconnect.maxDelayMs, deps.reconnect.firstDelayMs * 2 ** (attempts - 1));
    log.info({ attempt: attempts, delayMs }, "WhatsApp will reconnect after a pause");
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (stopped) return;
      log.info({ attempt: attempts }, "WhatsApp reconnecting: closing the old client, starting a new one");
      void reconnectNow();
    }, delayMs);
    retryTimer.unref();
  }

  async function reconnectNow() {
    if (client) await destroy(client);
    if (!stopped) await connect();
  }

  async function destroy(target: WhatsAppClientPort) {
    try {
      await withTimeout(target.destroy(), DESTROY_TIMEOUT_MS, "closing the WhatsApp client timed out");
    } catch (error) {
      log.warn({ err: errorMessage(error) }, "closing the WhatsApp client failed");
    }
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      void connect().catch((error: unknown) => log.error({ err: errorMessage(error) }, "WhatsApp connect failed unexpectedly"));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      generation += 1;
      clearWatchdog();
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      qr = null;
      setStatus("disconnected");
      if (client) await destroy(client);
    },
    state() {
      const state: WhatsAppState = { status, qrAvailable: qr !== null, since: since.toISOString(), reconnectAttempts: attempts };
      return lastError === undefined ? state : { ...state, lastError };
    },
    qr: () => qr,
    readyClient: () => (status === "ready" && !stopped ? client : null),
    reportBroken(reason) {
      if (stopped || status !== "ready") return;
      log.warn({ reason }, "WhatsApp's browser seems gone; reconnecting");
      lose("disconnected", reason);
    },
  };
}
