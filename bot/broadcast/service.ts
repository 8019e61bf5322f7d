import { recordAudit, type AuditActorType } from "../../db/audit.ts";
import {
  cancelPendingRecipients,
  findBroadcast,
  insertBroadcast,
  lockBroadcast,
  updateBroadcast,
  type BroadcastRow,
} from "../../db/broadcasts.ts";
import type { Db } from "../../db/client.ts";
import { cancelJobs, scheduleJob } from "../../db/jobs.ts";
import { fanOut } from "../../db/segments.ts";
import type { JobRow } from "../../db/jobs.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import type { BroadcastAction, BroadcastTexts, Segment } from "./types.ts";

export const BROADCAST_START_JOB = "broadcast.start";

/** Who acts, as the audit log names them. */
export interface BroadcastActor {
  userId: string;
  audit: { actorType: AuditActorType; actorId: string; ip: string | null };
}

export interface BroadcastDraft {
  title: string;
  texts: BroadcastTexts;
  action: BroadcastAction | null;
  segment: Segment;
}

const jobKey = (id: string) => `broadcast:${id}`;

/**
 * What staff do with announcements: write a draft, change it while it is one, send it
 * now or at a time, cancel it. Status changes happen under the broadcast's row lock, so
 * a cancel racing the start either stops it before the fan-out or withdraws everyone
 * not yet sent. The start itself is a job (db/jobs.ts): a scheduled announcement goes
 * out even if the process that scheduled it is gone.
 */
export function createBroadcastService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function audit(tx: Db, actor: BroadcastActor | null, action: string, id: string, details: Record<string, unknown> = {}) {
    await recordAudit(tx, {
      at: clock.now(),
      ...(actor ? { actorType: actor.audit.actorType, actorId: actor.audit.actorId, ip: actor.audit.ip } : { actorType: "system" as const, actorId: null }),
      action,
      subjectType: "broadcast",
      subjectId: id,
      details,
    });
  }

  async function lockOrThrow(tx: Db, id: string): Promise<BroadcastRow> {
    const row = await lockBroadcast(tx, id);
    if (!row) throw new AppError("not_found", "no broadcast with this id", 404);
    return row;
  }

  function refuseUnlessDraft(row: BroadcastRow, doing: string) {
    if (row.status !== "draft") throw new AppError("not_a_draft", `only a draft can be ${doing}; this one is ${row.status}`, 409);
  }

  /**
   * The start job: evaluates the segment into one row per person, in the job's
   * transaction (all of them or none), and hands them to the senders.
   */
  async function start(tx: Db, broadcastId: string): Promise<void> {
    const row = await lockBroadcast(tx, broadcastId);
    if (!row || row.status !== "scheduled") return;
    const now = clock.now();
    const count = await fanOut(tx, broadcastId, row.segment, now);
    await updateBroadcast(
      tx,
      broadcastId,
      count === 0 ? { status: "sent", startedAt: now, finishedAt: now, recipientCount: 0 } : { status: "sending", startedAt: now, recipientCount: count },
      now,
    );
    await audit(tx, null, "broadcast.started", broadcastId, { recipients: count });
  }

  return {
    async create(actor: BroadcastActor, draft: BroadcastDraft): Promise<BroadcastRow> {
      return db.transaction(async (tx) => {
        const row = await insertBroadcast(tx, { ...draft, createdBy: actor.userId, at: clock.now() });
        await audit(tx, actor, "broadcast.created", row.id, { title: row.title });
        return row;
      });
    },

    async update(actor: BroadcastActor, id: string, patch: Partial<BroadcastDraft>): Promise<BroadcastRow> {
      return db.transaction(async (tx) => {
        refuseUnlessDraft(await lockOrThrow(tx, id), "changed");
        const row = await updateBroadcast(tx, id, patch, clock.now());
        await audit(tx, actor, "broadcast.updated", id, { fields: Object.keys(patch) });
        return row;
      });
    },

    /** Sends at `at` (null or past: now). The segment is read when it starts, not now. */
    async schedule(actor: BroadcastActor, id: string, at: Date | null): Promise<BroadcastRow> {
      return db.transaction(async (tx) => {
        refuseUnlessDraft(await lockOrThrow(tx, id), "sent");
        const now = clock.now();
        const runAt = at && at > now ? at : now;
        const row = await updateBroadcast(tx, id, { status: "scheduled", scheduledAt: runAt }, now);
        await scheduleJob(tx, { kind: BROADCAST_START_JOB, runAt, payload: { broadcastId: id }, dedupeKey: jobKey(id) });
        await audit(tx, actor, "broadcast.scheduled", id, { at: runAt.toISOString() });
        return row;
      });
    },

    /** Before it starts: it never goes. While sending: nobody else gets it. After: refused. */
    async cancel(actor: BroadcastActor, id: string): Promise<BroadcastRow> {
      return db.transaction(async (tx) => {
        const before = await lockOrThrow(tx, id);
        if (before.status === "sent" || before.status === "cancelled") {
          throw new AppError("already_finished", `this broadcast is already ${before.status}`, 409);
        }
        const now = clock.now();
        await cancelJobs(tx, { dedupeKeys: [jobKey(id)] }, now);
        const withdrawn = before.status === "sending" ? await cancelPendingRecipients(tx, id) : 0;
        const row = await updateBroadcast(tx, id, { status: "cancelled", cancelledAt: now }, now);
        await audit(tx, actor, "broadcast.cancelled", id, { from: before.status, withdrawn });
        return row;
      });
    },

    start,

    async find(id: string): Promise<BroadcastRow> {
      const row = await findBroadcast(db, id);
      if (!row) throw new AppError("not_found", "no broadcast with this id", 404);
      return row;
    },

    /** The job handler (main.ts registers it under BROADCAST_START_JOB). */
    jobHandler() {
      return async (job: JobRow, tx: Db) => {
        const id = job.payload.broadcastId;
        if (typeof id === "string") await start(tx, id);
      };
    },
  };
}

export type BroadcastService = ReturnType<typeof createBroadcastService>;
