import { computeSlots } from "../../bot/booking/slots.ts";
import { RAMADAN_QUERY } from "./scenario.ts";

// Run by slots.test.ts under several TZ values: prints the machine's offset (to prove the
// TZ took effect) and the slots of the shared scenario.
const slots = computeSlots(RAMADAN_QUERY).map((slot) => `${slot.advisorId} ${slot.start.toISOString()} ${slot.end.toISOString()}`);
process.stdout.write(JSON.stringify({ machineOffset: new Date("2026-03-20T12:00:00Z").getTimezoneOffset(), slots }));
