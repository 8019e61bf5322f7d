import type { Db } from "../../db/client.ts";
import { loadSchedules } from "../../db/availability.ts";
import { appointmentsOfContact } from "../../db/booking.ts";
import { listSites, toSite } from "../../db/sites.ts";
import { localDateOf } from "../booking/local-time.ts";
import type { Site } from "../booking/types.ts";
import { openingsBySite, type SiteOpening } from "./opening-hours.ts";

/**
 * What the handoff flow may read, loaded by the engine for turns that ask for a human
 * (flows stay pure): the sites, the site of the person's next meeting, and when each
 * site's advisors can answer.
 */
export interface HandoffView {
  sites: readonly Site[];
  /** The site of the person's next confirmed meeting: its advisors already know them. */
  appointmentSiteId: string | null;
  openings: Readonly<Record<string, SiteOpening>>;
}

export const EMPTY_HANDOFF_VIEW: HandoffView = { sites: [], appointmentSiteId: null, openings: {} };

export async function loadHandoffView(db: Db, input: { contactId: string; now: Date }): Promise<HandoffView> {
  const sites = (await listSites(db)).map(toSite);
  const [next] = await appointmentsOfContact(db, input.contactId, input.now);
  const schedules = await loadSchedules(db, { since: localDateOf(input.now) });
  return { sites, appointmentSiteId: next?.siteId ?? null, openings: openingsBySite(schedules, input.now) };
}
