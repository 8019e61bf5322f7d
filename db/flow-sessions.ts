import { eq, sql } from "drizzle-orm";
import type { Choice } from "../bot/core/types.ts";
import type { FlowState } from "../bot/flows/types.ts";
import type { Db } from "./client.ts";
import { flowSessions } from "./schema/index.ts";

const OFFERED_KEY = "__offered";

/** The person's place in a journey, or null when none was kept or it expired. */
export async function loadFlowSession(db: Db, conversationId: string, now: Date): Promise<FlowState | null> {
  const [row] = await db.select().from(flowSessions).where(eq(flowSessions.conversationId, conversationId)).limit(1);
  if (!row || row.expiresAt <= now) return null;
  const { [OFFERED_KEY]: offered, ...data } = row.data;
  return { flow: row.flow, step: row.step, data, offered: Array.isArray(offered) ? (offered as Choice[]) : [] };
}

export async function saveFlowSession(db: Db, conversationId: string, state: FlowState, now: Date, ttlMs: number): Promise<void> {
  const values = {
    conversationId,
    flow: state.flow,
    step: state.step,
    data: { ...state.data, [OFFERED_KEY]: state.offered },
    expiresAt: new Date(now.getTime() + ttlMs),
    updatedAt: now,
  };
  await db
    .insert(flowSessions)
    .values(values)
    .onConflictDoUpdate({ target: flowSessions.conversationId, set: { ...values, version: sql`${flowSessions.version} + 1` } });
}

export async function deleteFlowSession(db: Db, conversationId: string): Promise<void> {
  await db.delete(flowSessions).where(eq(flowSessions.conversationId, conversationId));
}
