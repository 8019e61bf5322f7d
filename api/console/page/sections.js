// The console's sections, in the order of the top bar. Each is a component given
// { me, lang, path, navigate, live, onLoggedOut, notify }; `path` is what follows
// `#/<id>/` in the address, so a section's views can be linked and reloaded.
import { BroadcastsSection } from "./broadcasts.js";
import { InboxSection } from "./inbox-section.js";

const EVERYONE = ["advisor", "staff", "admin"];
const PROGRAMME_STAFF = ["staff", "admin"];

export const SECTIONS = [
  { id: "c", label: "navInbox", roles: EVERYONE, component: InboxSection },
  { id: "broadcasts", label: "navBroadcasts", roles: PROGRAMME_STAFF, component: BroadcastsSection },
];

export function sectionsFor(role) {
  return SECTIONS.filter((section) => section.roles.includes(role));
}
