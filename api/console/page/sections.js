// The console's sections, in the order of the top bar. Each is a component given
// { me, lang, path, navigate, live, onLoggedOut, notify }; `path` is what follows
// `#/<id>/` in the address, so a section's views can be linked and reloaded.
import { BroadcastsSection } from "./broadcasts.js";
import { CatalogueSection } from "./catalogue-section.js";
import { FunnelSection } from "./funnel-section.js";
import { InboxSection } from "./inbox-section.js";
import { SitesSection } from "./sites-section.js";
import { TeamSection } from "./team-section.js";

const EVERYONE = ["advisor", "staff", "admin"];
const STAFF = ["staff", "admin"];
const ADMINS = ["admin"];

export const SECTIONS = [
  { id: "c", label: "navInbox", roles: EVERYONE, component: InboxSection },
  { id: "broadcasts", label: "navBroadcasts", roles: STAFF, component: BroadcastsSection },
  { id: "funnel", label: "navFunnel", roles: STAFF, component: FunnelSection },
  { id: "catalogue", label: "navCatalogue", roles: STAFF, component: CatalogueSection },
  { id: "sites", label: "navSites", roles: STAFF, component: SitesSection },
  { id: "team", label: "navTeam", roles: ADMINS, component: TeamSection },
];

export function sectionsFor(role) {
  return SECTIONS.filter((section) => section.roles.includes(role));
}
