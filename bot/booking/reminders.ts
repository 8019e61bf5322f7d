import { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { JobRow } from "../../db/jobs.ts";
import { cancelJobs, scheduleJob } from "../../db/jobs.ts";

/**
 * When reminders go out, as jobs in the persistent queue (db/jobs.ts): 24 h and 2 h before
 * the start. What a reminder says is the `reminder` job handler's business (registered
 * with the job runner by the chat side); this file only decides when, and withdraws them
 * when the appointment changes. Booking, rescheduling, cancelling and marking attended /
 * no-show call these in the same transaction as the change (db/booking.ts).
 */

export const REMINDER_JOB_KIND = "reminder";

const HOUR_MS = 60 * 60 * 1000;
export const REMINDER_OFFSETS = [
  { which: "24h", beforeMs: 24 * HOUR_MS },
  { which: "2h", beforeMs: 2 * HOUR_MS },
] as const;
export type ReminderWhich = (typeof REMINDER_OFFSETS)[number]["which"];

export const reminderPayloadSchema = z.object({
  appointmentId: z.uuid(),
  which: z.enum(["24h", "2h"]),
  /** The start the reminder was planned for: a handler can tell a stale one. */
  startsAt: z.iso.datetime({ offset: true }),
});
export type ReminderPayload = z.output<typeof reminderPayloadSchema>;

/** A reminder job's payload, checked (jobs are data from the database, not trusted shapes). */
export function readReminderPayload(job: Pick<JobRow, "payload">): ReminderPayload | null {
  const parsed = reminderPayloadSchema.safeParse(job.payload);
  return parsed.success ? parsed.data : null;
}

export function reminderKey(which: ReminderWhich, appointmentId: string): string {
  return `reminder:${which}:${appointmentId}`;
}

export interface PlannedReminder {
  which: ReminderWhich;
  runAt: Date;
  dedupeKey: string;
  payload: ReminderPayload;
}

/** The reminders still ahead of `now` (a meeting booked 3 h ahead gets only the 2 h one). */
export function plannedReminders(appointment: { id: string; start: Date }, now: Date): PlannedReminder[] {
  return REMINDER_OFFSETS.map(({ which, beforeMs }) => ({
    which,
    runAt: new Date(appointment.start.getTime() - beforeMs),
    dedupeKey: reminderKey(which, appointment.id),
    payload: { appointmentId: appointment.id, which, startsAt: appointment.start.toISOString() },
  })).filter((reminder) => reminder.runAt.getTime() > now.getTime());
}

/** Queues the appointment's reminders; idempotent (dedupe keys). Returns those queued. */
export async function scheduleReminders(tx: Db, appointment: { id: string; start: Date }, now: Date): Promise<PlannedReminder[]> {
  const planned = plannedReminders(appointment, now);
  for (const reminder of planned) {
    await scheduleJob(tx, { kind: REMINDER_JOB_KIND, runAt: reminder.runAt, payload: reminder.payload, dedupeKey: reminder.dedupeKey });
  }
  return planned;
}

/** Withdraws the appointment's pending reminders; returns how many. */
export function withdrawReminders(tx: Db, appointmentId: string, at: Date): Promise<number> {
  return cancelJobs(tx, { dedupeKeys: REMINDER_OFFSETS.map(({ which }) => reminderKey(which, appointmentId)) }, at);
}
