import type { Db } from "../../db/client.ts";
import { listPrograms, readProgramsFingerprint } from "../../db/programs.ts";
import type { Clock } from "../../lib/clock.ts";
import { systemClock } from "../../lib/clock.ts";
import type { Logger } from "../../lib/logger.ts";
import { localDateOf } from "../booking/local-time.ts";
import { callStatusOn } from "./call-status.ts";
import type { Catalogue } from "./catalogue.ts";
import { buildCatalogue, EMPTY_CATALOGUE } from "./catalogue.ts";

/**
 * The catalogue in memory, so a conversation turn or an eligibility request reads a
 * snapshot instead of querying every programme. PostgreSQL stays the source of truth:
 * this process refreshes after its own writes, and polls a cheap fingerprint (count,
 * versions, last change) to pick up writes made by the other processes sharing the
 * database, reloading only when it moved. A call's status is the one it has today (its
 * opening day and deadline, bot/programs/call-status.ts): the snapshot is rebuilt when
 * the local day changes, so a deadline passes without anyone touching the programme.
 */
export interface CatalogueStore {
  /** The latest snapshot; synchronous, for the pure flows. Empty until the first refresh. */
  current(): Catalogue;
  /** Reloads now (after a write through this process's API, or at startup). */
  refresh(): Promise<Catalogue>;
  /** The periodic check: reloads only when the fingerprint moved; says whether it did. */
  poll(): Promise<boolean>;
  /** Starts polling every refreshMs; idempotent. */
  start(): void;
  stop(): void;
}

export interface CatalogueStoreOptions {
  refreshMs: number;
  log?: Logger;
  /** Whose "today" decides whether a call is open (Africa/Casablanca days). */
  clock?: Clock;
}

export function createCatalogueStore(db: Db, options: CatalogueStoreOptions): CatalogueStore {
  let snapshot = EMPTY_CATALOGUE;
  let fingerprint: string | null = null;
  let builtFor: string | null = null;
  const clock = options.clock ?? systemClock;
  let timer: ReturnType<typeof setInterval> | null = null;
  // Loads run one after another, so an older read never replaces a newer snapshot.
  let queue: Promise<unknown> = Promise.resolve();

  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  }

  async function load(): Promise<Catalogue> {
    // Fingerprint first: a write landing between the two reads only causes one more reload.
    const seen = await readProgramsFingerprint(db);
    const rows = await listPrograms(db);
    const today = localDateOf(clock.now());
    snapshot = buildCatalogue(rows.map((row) => ({ ...row.data, status: callStatusOn(row.data, today), id: row.id, version: row.version })));
    fingerprint = seen;
    builtFor = today;
    return snapshot;
  }

  const refresh = () => enqueue(load);

  const poll = () =>
    enqueue(async () => {
      if ((await readProgramsFingerprint(db)) === fingerprint && localDateOf(clock.now()) === builtFor) return false;
      await load();
      return true;
    });

  return {
    current: () => snapshot,
    refresh,
    poll,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        poll().catch((error: unknown) => options.log?.warn({ err: error }, "catalogue refresh failed; serving the previous snapshot"));
      }, options.refreshMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
