import type { Db } from "../../db/client.ts";
import { getProject } from "../../db/projects.ts";
import type { Canvas } from "./types.ts";

/** What the project flow may read, loaded by the engine for turns that touch the project. */
export interface ProjectView {
  canvas: Canvas;
  /** The live sheet link's token, if the sheet is published and not revoked. */
  sheetToken: string | null;
}

/** A language model's draft of the canvas from a freely described idea, to confirm field by field. */
export interface CoachDraft {
  fields: Canvas;
  suggestions: string[];
}

export async function loadProjectView(db: Db, contactId: string): Promise<ProjectView> {
  const row = await getProject(db, contactId);
  return { canvas: row?.canvas ?? {}, sheetToken: row?.sheetToken && !row.sheetRevokedAt ? row.sheetToken : null };
}

/** The optional coach as the engine sees it (bot/project/coach.ts implements it). */
export interface CoachPort {
  draft(text: string, options: { lang: "fr" | "ar" | "ary"; canvas: Canvas }): Promise<{ ok: true; fields: Canvas; suggestions: string[] } | { ok: false; reason: string }>;
}
