import { addLocalDays, instantAt, localDateOf } from "./local-time.ts";
import { computeSlots } from "./slots.ts";
import type { AdvisorSchedule, BusyInterval } from "./types.ts";

/**
 * Slot computation speed (`node bot/booking/bench.ts`): two weeks of slots for one site
 * with 10 advisors, each with two daily windows, a Saturday morning, exceptions and three
 * meetings a day. Reports the first call (cold offset cache) and warm percentiles.
 * Target (issue 7): under 20 ms.
 */
const ADVISORS = 10;
const HORIZON_DAYS = 14;
const WARMUP_CALLS = 50;
const MEASURED_CALLS = Number(process.env.BENCH_CALLS ?? 500);
const TARGET_MS = 20;
/** A Monday in Ramadan 2026, so the two weeks cross the switch back to UTC+1. */
const NOW = new Date("2026-03-16T08:00:00Z");

const today = localDateOf(NOW);
const schedules: AdvisorSchedule[] = [];
const busy: BusyInterval[] = [];
for (let i = 0; i < ADVISORS; i++) {
  const advisorId = `advisor-${String(i).padStart(2, "0")}`;
  schedules.push({
    advisorId,
    siteId: "minassati-khouribga",
    weekly: [
      ...([1, 2, 3, 4, 5] as const).flatMap((weekday) => [
        { weekday, start: "09:00", end: "12:30" },
        { weekday, start: "14:00", end: "17:30" },
      ]),
      { weekday: 6, start: "09:00", end: "12:00" },
    ],
    exceptions: [
      { date: addLocalDays(today, 2 + (i % 5)), kind: "off" },
      { date: addLocalDays(today, 8), kind: "off", start: "14:00", end: "16:00" },
      { date: addLocalDays(today, 6), kind: "extra", start: "10:00", end: "12:00" },
    ],
    meetingMinutes: 30,
    bufferMinutes: 10,
    minNoticeMinutes: 120,
    horizonDays: HORIZON_DAYS,
    dailyCap: 6,
  });
  for (let day = 0; day <= HORIZON_DAYS; day++) {
    const date = addLocalDays(today, day);
    for (const time of ["09:40", "11:00", "15:20"]) {
      const start = instantAt(date, time);
      busy.push({ advisorId, start, end: new Date(start.getTime() + 30 * 60_000) });
    }
  }
}

const query = { schedules, busy, now: NOW };
const coldStarted = process.hrtime.bigint();
const slotCount = computeSlots(query).length;
const coldMs = Number(process.hrtime.bigint() - coldStarted) / 1e6;

let sink = 0;
for (let call = 0; call < WARMUP_CALLS; call++) sink += computeSlots(query).length;
const latencies: number[] = [];
for (let call = 0; call < MEASURED_CALLS; call++) {
  const before = process.hrtime.bigint();
  sink += computeSlots(query).length;
  latencies.push(Number(process.hrtime.bigint() - before) / 1e6);
}
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? Number.NaN;

console.log(`${ADVISORS} advisors × ${HORIZON_DAYS + 1} days, ${busy.length} meetings → ${slotCount} slots`);
console.log(`first call ${coldMs.toFixed(2)} ms · p50 ${at(50).toFixed(2)} ms · p99 ${at(99).toFixed(2)} ms · max ${at(100).toFixed(2)} ms (${MEASURED_CALLS} calls)`);
const met = coldMs < TARGET_MS && at(99) < TARGET_MS;
console.log(`target < ${TARGET_MS} ms (first call and p99): ${met ? "met" : "NOT met"}`);
if (sink < 0) console.log(sink);
process.exitCode = met ? 0 : 1;
