import { asksForMyData } from "../privacy/asks-for-data.ts";
import { formatDay, formatSlot, formatTime } from "../../booking/format.ts";
import { localDateOf, localTimeOf } from "../../booking/local-time.ts";
import { matchSlot, readDayAndTime, type TimeReading } from "../../booking/read-time.ts";
import { distinctStarts, freeDays, nextFreeSlots, pickAdvisor, slotsOnDay } from "../../booking/slots.ts";
import { DEFAULT_BOOKING_CAPS, type Appointment, type LocalDate, type Site } from "../../booking/types.ts";
import { NEXT_APPOINTMENT, type BookingView } from "../../booking/view.ts";
import type { Choice, InboundContent, Outbound } from "../../core/types.ts";
import { provinceBySlug } from "../../geography/index.ts";
import { enterMenu } from "../menu/index.ts";
import { askConsent } from "../onboarding/index.ts";
import { choiceWith } from "../synonyms.ts";
import { waitsFor } from "../pending.ts";
import type { Effect, Flow, FlowContext, FlowState, StepInput, StepResult } from "../types.ts";
import { ask, stateOf, withPrefix } from "../types.ts";
import type { Expect } from "../answers/types.ts";
import { readSites } from "../answers/sites.ts";
import { readContextOf } from "../answers/context.ts";
import { says } from "../answers/words.ts";
import { namesConcept } from "../../nlu/intents.ts";
import { normalizeText } from "../../nlu/normalize.ts";
import { understand } from "../../nlu/understand.ts";
import { tidyTypography } from "../../core/normalize.ts";

/**
 * Booking a meeting with an advisor, inside the chat: site (nearest first) → topic → a day
 * with free slots → a time → a summary to confirm. Typed answers work at every step
 * ("ghedda f 10", "lundi matin"). Then "my appointments": reschedule or cancel. Slots come
 * from the engine's BookingView (computed from availability, never stored); the database
 * has the last word on a race for a slot, and the loser is offered the next free ones.
 * Pure.
 */

export const BOOKING = "booking";

/** How many days and times are offered as buttons at once. */
const MAX_DAYS = 7;
const MAX_TIMES = 10;
const MAX_SITES = 6;
const NEXT_SLOTS_AFTER_RACE = 3;

interface BookingData {
  siteId?: string;
  topic?: string;
  day?: LocalDate;
  /** ISO instant of the chosen start. */
  start?: string;
  /** The appointment being moved (reschedule). */
  replaces?: string;
  showAllSites?: boolean;
  /** The appointment on screen in "my appointments". */
  appointmentId?: string;
  /** Why the person cancels, kept until they confirm. */
  reason?: string;
  /** A day and time said with the wish to book ("nhar lkhmis 3la 11"), used once a day is asked. */
  wanted?: { date?: string; time?: string; partOfDay?: "morning" | "afternoon" };
}

function dataOf(state: FlowState): BookingData {
  return state.data as BookingData;
}

function booking(step: string, data: BookingData): FlowState {
  return stateOf(BOOKING, step, data as Record<string, unknown>);
}

/**
 * Which turns need the booking data loaded (the engine asks before routing): every turn
 * in this flow, the booking commands and buttons, and typed requests to book or cancel.
 */
export interface BookingNeeds {
  /** Load this site's free slots. */
  siteId: string | null;
  /** Or the slots of this appointment's site (moving it). */
  appointmentId: string | null;
  /** Or of the one platform this typed wish names ("bghit maw3id f minassati"). */
  siteText?: string;
}

export function bookingNeeds(state: FlowState | null, content: InboundContent, typedIntent: () => string | null): BookingNeeds | null {
  const inFlow = state?.flow === BOOKING || waitsFor(state, "book", "appointments");
  const siteId = state?.flow === BOOKING ? (dataOf(state).siteId ?? null) : null;
  if (content.kind === "choice") {
    const id = content.choiceId;
    if (id.startsWith("book:site:")) return { siteId: id.slice("book:site:".length), appointmentId: null };
    if (id.startsWith("appt:move:")) return { siteId: null, appointmentId: id.slice("appt:move:".length) };
    // Deleting one's data cancels one's meetings: the confirmation names them.
    if (inFlow || id === "cmd:book" || id === "cmd:appointments" || id === "cmd:delete" || id === "cmd:mydata" || id === "proj:book" || id.startsWith("appt:") || id.startsWith("book:")) {
      return { siteId, appointmentId: null };
    }
    return null;
  }
  if (content.kind !== "text") return inFlow ? { siteId, appointmentId: null } : null;
  // «Mes données» lists one's meetings too.
  if (asksForMyData(content.text)) return { siteId: null, appointmentId: null };
  // "bghit nbeddel lmaw3id": the free slots of the meeting's own platform, to move it.
  if (talksAboutMeetings(content.text)) return { siteId, appointmentId: siteId ? null : NEXT_APPOINTMENT };
  if (inFlow) return { siteId, appointmentId: null };
  const intent = typedIntent();
  const deleting = intent === "delete_data" || (state?.flow === "privacy" && state.step === "confirmDelete");
  if (intent === "book") return { siteId: null, appointmentId: null, siteText: content.text };
  return intent === "cancel_booking" || deleting ? { siteId: null, appointmentId: null } : null;
}

/** Words about a meeting (moving it, where it is, what to bring, being late): the booking data is needed to answer. */
export function talksAboutMeetings(text: string): boolean {
  const normalized = normalizeText(tidyTypography(text));
  // "where is it?" too: the platforms' addresses come with the booking data.
  return says(normalized, "move") || says(normalized, "late") || says(normalized, "bring") || says(normalized, "where");
}

function viewOf(ctx: FlowContext): BookingView {
  return ctx.booking ?? { sites: [], appointments: [], siteId: null, slots: [], busy: [], caps: DEFAULT_BOOKING_CAPS };
}

function siteOf(ctx: FlowContext, siteId: string | undefined): Site | undefined {
  return viewOf(ctx).sites.find((site) => site.id === siteId);
}

function note(text: string): Outbound {
  return { kind: "text", text };
}

// ---- Starting -------------------------------------------------------------------------

/**
 * `typed`: the message that asked ("bghit maw3id f minassati nhar lkhmis 3la 11"): the
 * platform it names is taken, and its day and time are proposed when the day is asked.
 */
export function startBooking(ctx: FlowContext, preset: { topic?: string; typed?: string } = {}): StepResult {
  const { t } = ctx;
  if (ctx.contact.consent !== "given") {
    return ask(booking("consent", preset), t("booking:needsConsent"), [
      { id: "consent:ask", label: t("menu:giveConsent") },
      { id: "cmd:menu", label: t("common:backToMenu") },
    ]);
  }
  const view = viewOf(ctx);
  if (view.sites.length === 0) {
    return ask(booking("none", {}), t("booking:noSites"), [
      { id: "cmd:human", label: t("booking:askAdvisor") },
      { id: "cmd:menu", label: t("common:backToMenu") },
    ]);
  }
  const data: BookingData = { ...(preset.topic ? { topic: preset.topic } : {}), ...detailsOf(preset.typed, ctx) };
  const first = data.siteId ? afterSite(data, ctx) : askSite(data, ctx);
  if (view.appointments.length > 0 && !preset.topic) {
    // Someone with a meeting already: show it first, they probably want to see or move it.
    return withPrefix(first, [note(t("booking:youHaveOne", { when: formatSlot(view.appointments[0]!.start, ctx.lang) }))]);
  }
  return first;
}

/** The platform and the day and time a wish to book names, when it names them. */
function detailsOf(typed: string | undefined, ctx: FlowContext): BookingData {
  if (!typed) return {};
  const view = viewOf(ctx);
  // The platform named (its slots load with the next step); a women's centre answers to "العيالات".
  const named = readSites(typed, view.sites, readContextOf(ctx).siteWords);
  const siteId = named?.ids.length === 1 ? named.ids[0] : undefined;
  const reading = readDayAndTime(typed, { now: ctx.now, lang: ctx.lang });
  const wanted = reading.date || reading.time || reading.partOfDay ? reading : undefined;
  return { ...(siteId ? { siteId } : {}), ...(wanted ? { wanted } : {}) };
}

/** Sites nearest the person first: their province, then their region, then the others. */
export function sitesByDistance(sites: readonly Site[], ctx: FlowContext): Site[] {
  const province = ctx.contact.profile.province;
  const region = ctx.contact.profile.region ?? (province ? provinceBySlug(province)?.region : undefined);
  const rank = (site: Site) => (site.province === province ? 0 : region && provinceBySlug(site.province)?.region === region ? 1 : 2);
  return [...sites].sort((a, b) => rank(a) - rank(b) || a.name[ctx.lang].localeCompare(b.name[ctx.lang]));
}

function askSite(data: BookingData, ctx: FlowContext): StepResult {
  const { t, lang } = ctx;
  const sorted = sitesByDistance(viewOf(ctx).sites, ctx);
  const shown = data.showAllSites ? sorted : sorted.slice(0, MAX_SITES);
  const choices: Choice[] = shown.map((site) => ({ id: `book:site:${site.id}`, label: site.name[lang], keywords: siteKeywords(site) }));
  if (shown.length < sorted.length) choices.push({ id: "book:allsites", label: t("booking:allSites") });
  choices.push({ id: "cmd:menu", label: t("common:backToMenu") });
  return ask(booking("site", { topic: data.topic, replaces: data.replaces, wanted: data.wanted }), t("booking:whichSite"), choices);
}

/** Typed "minassati", "laayoune", "WEC": the words of a site's id and its town's names (nearest site first on ties). */
export function siteKeywords(site: Site): string[] {
  const words = site.id.split("-");
  const province = provinceBySlug(site.province);
  return [words.join(" "), words[0]!, words.at(-1)!, ...(province ? [province.fr, province.ar] : [])];
}

function askTopic(data: BookingData, ctx: FlowContext): StepResult {
  const { t, lang } = ctx;
  const site = siteOf(ctx, data.siteId);
  if (!site) return askSite(data, ctx);
  const programmes = site.programIds
    .map((id) => ctx.catalogue.byId.get(id))
    .filter((program) => program !== undefined && program.status !== "past");
  const choices: Choice[] = [
    ...programmes.map((program) => ({ id: `book:topic:${program!.id}`, label: program!.name[lang] })),
    // "3la projet dyali", "على المشروع ديالي": the synonyms live in the locales (booking:synonyms.topic).
    choiceWith(ctx, "book:topic:project", "booking:topicProject", "booking:synonyms.topic.project"),
    choiceWith(ctx, "book:topic:general", "booking:topicGeneral", "booking:synonyms.topic.general"),
  ];
  return ask(booking("topic", data), t("booking:whichTopic", { site: site.name[lang] }), choices);
}

function afterSite(data: BookingData, ctx: FlowContext): StepResult {
  const capped = data.replaces ? undefined : meetingInTheWay(data.siteId, ctx);
  if (capped) return capReached(capped, ctx);
  return data.topic ? askDay(data, ctx) : askTopic(data, ctx);
}

/**
 * The meeting to come that stops one more at `siteId` (BOOKING_MAX_PER_SITE there, or
 * BOOKING_MAX_TOTAL in all), if any: the one at that site first, else the soonest.
 */
function meetingInTheWay(siteId: string | undefined, ctx: FlowContext): Appointment | undefined {
  const { appointments, caps } = viewOf(ctx);
  const atSite = appointments.filter((appointment) => appointment.siteId === siteId);
  if (atSite.length >= caps.perSite) return atSite[0];
  if (appointments.length >= caps.total) return appointments[0];
  return undefined;
}

/** Said kindly: the meeting they already have, and a button to move it instead. */
function capReached(existing: Appointment, ctx: FlowContext): StepResult {
  const { t, lang } = ctx;
  const site = siteOf(ctx, existing.siteId);
  const text = t("booking:capReached", { when: formatSlot(existing.start, lang), site: site?.name[lang] ?? existing.siteId });
  return ask(booking("appointment", { appointmentId: existing.id }), text, [
    { id: `appt:move:${existing.id}`, label: t("booking:reschedule") },
    { id: `appt:cancel:${existing.id}`, label: t("booking:cancelIt") },
    { id: "cmd:menu", label: t("common:backToMenu") },
  ]);
}

// ---- Day and time ---------------------------------------------------------------------

function askDay(data: BookingData, ctx: FlowContext): StepResult {
  const { t, lang } = ctx;
  const site = siteOf(ctx, data.siteId);
  if (!site) return askSite(data, ctx);
  // The day and time said when asking to book: proposed now, once.
  if (data.wanted) {
    const { wanted, ...rest } = data;
    const proposed = goToTime(wanted, rest, ctx);
    if (proposed) return proposed;
    return askDay(rest, ctx);
  }
  const days = freeDays(viewOf(ctx).slots);
  if (days.length === 0) {
    return ask(booking("day", data), t("booking:noSlots", { site: site.name[lang] }), [
      { id: "book:othersite", label: t("booking:otherSite") },
      { id: "cmd:human", label: t("booking:askAdvisor") },
      { id: "cmd:menu", label: t("common:backToMenu") },
    ]);
  }
  const choices: Choice[] = days.slice(0, MAX_DAYS).map((day) => ({ id: `book:day:${day}`, label: formatDay(day, lang) }));
  choices.push({ id: "book:othersite", label: t("booking:otherSite") });
  return ask(booking("day", { ...data, day: undefined, start: undefined }), t("booking:whichDay", { site: site.name[lang] }), choices);
}

function askTime(data: BookingData, day: LocalDate, ctx: FlowContext, starts?: readonly Date[], prefix?: string): StepResult {
  const { t, lang } = ctx;
  const available = starts ?? distinctStarts(slotsOnDay(viewOf(ctx).slots, day));
  if (available.length === 0) return withPrefix(askDay(data, ctx), [note(t("booking:dayFull", { day: formatDay(day, lang) }))]);
  const choices: Choice[] = available.slice(0, MAX_TIMES).map((start) => ({ id: `book:time:${start.toISOString()}`, label: formatTime(localTimeOf(start), lang) }));
  choices.push({ id: "book:otherday", label: t("booking:otherDay") });
  const result = ask(booking("time", { ...data, day }), t("booking:whichTime", { day: formatDay(day, lang) }), choices);
  return prefix ? withPrefix(result, [note(prefix)]) : result;
}

/** Typed "ghedda f 10", "lundi matin", "نهار الاثنين على 10" (as the time reader read it): straight to the matching slot. */
function goToTime(reading: TimeReading, data: BookingData, ctx: FlowContext, dayOnScreen?: LocalDate): StepResult | null {
  const slots = viewOf(ctx).slots;
  const date = reading.date ?? dayOnScreen;
  if (!date) return null;
  const starts = matchSlot(slots, { ...reading, date });
  if (reading.time && starts.length === 1) return askConfirm({ ...data, day: date, start: starts[0]!.toISOString() }, ctx);
  if (starts.length > 0) return askTime(data, date, ctx, starts);
  const free = distinctStarts(slotsOnDay(slots, date));
  if (free.length > 0) return askTime(data, date, ctx, free, ctx.t("booking:notThatTime"));
  return withPrefix(askDay(data, ctx), [note(ctx.t("booking:dayFull", { day: formatDay(date, ctx.lang) }))]);
}

/** The last clock time in a message other than `not` ("de 11h à 14h": 14:00), read hour by hour. */
function lastTimeIn(text: string, not: string): string | undefined {
  const hours = [...text.matchAll(/(?<![\p{L}\p{N}])(\d{1,2})\s*(?:h|:|heures?|الساعه|الساعة)\s*(\d{2})?/gu)].map((m) => `${m[1]!.padStart(2, "0")}:${m[2] ?? "00"}`);
  return hours.reverse().find((time) => time !== not);
}

// ---- Confirming -----------------------------------------------------------------------

function topicLabel(topic: string | undefined, ctx: FlowContext): string {
  if (!topic || topic === "general") return ctx.t("booking:topicGeneral");
  if (topic === "project") return ctx.t("booking:topicProject");
  return ctx.catalogue.byId.get(topic)?.name[ctx.lang] ?? topic;
}

function askConfirm(data: BookingData, ctx: FlowContext): StepResult {
  const { t, lang } = ctx;
  const site = siteOf(ctx, data.siteId);
  if (!site || !data.start) return askDay(data, ctx);
  const text = t(data.replaces ? "booking:confirmMove" : "booking:confirm", {
    when: formatSlot(new Date(data.start), lang),
    site: site.name[lang],
    address: site.address[lang],
    topic: topicLabel(data.topic, ctx),
  });
  return ask(booking("confirm", data), text, [
    { id: "book:confirm:yes", label: t("booking:confirmYes") },
    { id: "book:otherday", label: t("booking:otherTime") },
    { id: "book:confirm:no", label: t("common:cancel") },
  ]);
}

/** The slot went to someone else between the list and the "yes": say so kindly, offer the next ones. */
function slotTaken(data: BookingData, taken: Date, ctx: FlowContext): StepResult {
  const { t, lang } = ctx;
  const next = nextFreeSlots(viewOf(ctx).slots.filter((slot) => slot.start.getTime() !== taken.getTime()), taken, NEXT_SLOTS_AFTER_RACE);
  if (next.length === 0) return withPrefix(askDay(data, ctx), [note(t("booking:takenNoNext"))]);
  return ask(booking("time", { ...data, start: undefined, day: localDateOf(next[0]!.start) }), t("booking:taken"), [
    ...next.map((slot) => ({ id: `book:time:${slot.start.toISOString()}`, label: formatSlot(slot.start, lang) })),
    { id: "book:otherday", label: t("booking:otherDay") },
  ]);
}

function book(data: BookingData, ctx: FlowContext): StepResult {
  const { t, lang } = ctx;
  const site = siteOf(ctx, data.siteId);
  if (!site || !data.start) return askDay(data, ctx);
  const start = new Date(data.start);
  const slot = pickAdvisor(viewOf(ctx).slots, start, viewOf(ctx).busy);
  if (!slot) return slotTaken(data, start, ctx);
  const inTheWay = data.replaces ? undefined : meetingInTheWay(site.id, ctx);
  if (inTheWay) return capReached(inTheWay, ctx);
  const id = ctx.newId;
  const when = formatSlot(start, lang);
  const done: StepResult = {
    state: booking("booked", { appointmentId: id }),
    messages: [
      note(t(data.replaces ? "booking:moved" : "booking:booked", { when, site: site.name[lang], address: site.address[lang], topic: topicLabel(data.topic, ctx) })),
      note(t("booking:whatToBring")),
      { kind: "link", text: t("booking:calendarText"), url: `${ctx.publicUrl}/calendar/${id}.ics`, label: t("booking:calendarLabel") },
      {
        kind: "choices",
        text: t("booking:remindersPromise"),
        choices: [
          { id: "cmd:appointments", label: t("booking:myAppointments") },
          { id: "cmd:menu", label: t("common:backToMenu") },
        ],
      },
    ],
    effects: [],
  };
  const effect: Effect = {
    type: "bookAppointment",
    id,
    siteId: site.id,
    advisorId: slot.advisorId,
    start: slot.start,
    end: slot.end,
    topic: data.topic ?? "general",
    replaces: data.replaces ?? null,
    ifTaken: slotTaken(data, start, ctx),
    // Only when the database knows of a meeting this turn did not see (booked elsewhere meanwhile).
    ifCapped: withPrefix(showMyAppointments(ctx), [note(t("booking:capReachedElsewhere"))]),
  };
  return { ...done, effects: [effect] };
}

// ---- My appointments ------------------------------------------------------------------

export function showMyAppointments(ctx: FlowContext): StepResult {
  const { t, lang } = ctx;
  if (ctx.contact.consent !== "given") return startBooking(ctx);
  const appointments = viewOf(ctx).appointments;
  if (appointments.length === 0) {
    return ask(booking("mine", {}), t("booking:noneYet"), [
      { id: "cmd:book", label: t("booking:bookOne") },
      { id: "cmd:menu", label: t("common:backToMenu") },
    ]);
  }
  const lines = appointments.map((appointment) => `• ${describeAppointment(appointment, ctx)}`);
  const choices: Choice[] = appointments.slice(0, 5).map((appointment) => ({
    id: `appt:show:${appointment.id}`,
    label: formatSlot(appointment.start, lang),
  }));
  choices.push({ id: "cmd:book", label: t("booking:bookAnother") }, { id: "cmd:menu", label: t("common:backToMenu") });
  return ask(booking("mine", {}), [t("booking:yourAppointments"), ...lines].join("\n"), choices);
}

function describeAppointment(appointment: Appointment, ctx: FlowContext): string {
  const site = siteOf(ctx, appointment.siteId);
  return ctx.t("booking:appointmentLine", {
    when: formatSlot(appointment.start, ctx.lang),
    site: site?.name[ctx.lang] ?? appointment.siteId,
    topic: topicLabel(appointment.topic, ctx),
  });
}

function showAppointment(id: string, ctx: FlowContext, prefix?: string): StepResult {
  const { t } = ctx;
  const appointment = viewOf(ctx).appointments.find((item) => item.id === id);
  if (!appointment) return withPrefix(showMyAppointments(ctx), [note(t("booking:notFound"))]);
  const site = siteOf(ctx, appointment.siteId);
  const result = ask(booking("appointment", { appointmentId: id }), [describeAppointment(appointment, ctx), site ? site.address[ctx.lang] : ""].filter(Boolean).join("\n"), [
    { id: `appt:move:${id}`, label: t("booking:reschedule") },
    { id: `appt:cancel:${id}`, label: t("booking:cancelIt") },
    { id: "cmd:appointments", label: t("booking:myAppointments") },
    { id: "cmd:menu", label: t("common:backToMenu") },
  ]);
  return prefix ? withPrefix(result, [note(prefix)]) : result;
}

/**
 * A typed wish to cancel ("le rdv de jeudi je n'en veux plus"): straight to the reason
 * question when it names one meeting (its day, or the only one), else the list to pick from.
 */
export function cancelFromTyped(ctx: FlowContext, day?: LocalDate): StepResult {
  if (ctx.contact.consent !== "given") return showMyAppointments(ctx);
  const appointments = viewOf(ctx).appointments;
  const onDay = day ? appointments.filter((appointment) => localDateOf(appointment.start) === day) : [];
  const only = onDay.length === 1 ? onDay[0] : appointments.length === 1 ? appointments[0] : undefined;
  return only ? askCancelReason(only.id, ctx) : showMyAppointments(ctx);
}

const CANCEL_REASONS = ["unavailable", "notNeeded", "other"] as const;

function askCancelReason(id: string, ctx: FlowContext): StepResult {
  const { t } = ctx;
  const appointment = viewOf(ctx).appointments.find((item) => item.id === id);
  if (!appointment) return withPrefix(showMyAppointments(ctx), [note(t("booking:notFound"))]);
  return ask(booking("cancelReason", { appointmentId: id }), t("booking:whyCancel", { when: formatSlot(appointment.start, ctx.lang) }), [
    // Earlier labels («ما غاديش نكون فاضي», «لست متاحا») are still understood typed.
    ...CANCEL_REASONS.map((reason) => choiceWith(ctx, `book:reason:${reason}`, `booking:reason.${reason}`, `booking:synonyms.reason.${reason}`)),
    choiceWith(ctx, `appt:move:${id}`, "booking:moveInstead", "booking:synonyms.moveInstead"),
    { id: `appt:show:${id}`, label: t("booking:keepIt") },
  ]);
}

/**
 * Nothing a person owns is lost on a guess: a cancellation always ends in a question that
 * names the meeting ("Cancel Tuesday 8 December at 11:00 at Minassati?"), with moving it
 * and keeping it as the other answers.
 */
function askCancelConfirm(id: string, reason: string, ctx: FlowContext): StepResult {
  const { t, lang } = ctx;
  const appointment = viewOf(ctx).appointments.find((item) => item.id === id);
  if (!appointment) return withPrefix(showMyAppointments(ctx), [note(t("booking:notFound"))]);
  const site = siteOf(ctx, appointment.siteId);
  return ask(booking("confirmCancel", { appointmentId: id, reason }), t("booking:confirmCancel", { when: formatSlot(appointment.start, lang), site: site?.name[lang] ?? appointment.siteId }), [
    { id: "book:cancel:yes", label: t("booking:cancelYes") },
    { id: `appt:move:${id}`, label: t("booking:moveInstead") },
    { id: "book:cancel:no", label: t("booking:keepIt") },
  ]);
}

function cancel(id: string, reason: string, ctx: FlowContext): StepResult {
  const { t } = ctx;
  const appointment = viewOf(ctx).appointments.find((item) => item.id === id);
  if (!appointment) return withPrefix(showMyAppointments(ctx), [note(t("booking:notFound"))]);
  return {
    state: booking("cancelled", {}),
    messages: [
      {
        kind: "choices",
        text: t("booking:cancelled", { when: formatSlot(appointment.start, ctx.lang) }),
        choices: [
          { id: "cmd:book", label: t("booking:bookOne") },
          { id: "cmd:menu", label: t("common:backToMenu") },
        ],
      },
    ],
    effects: [{ type: "cancelAppointment", id, reason }],
  };
}

/**
 * "je veux déplacer mon rendez-vous", "bghit nbeddel lmaw3id", "أريد تغيير موعدي": a move,
 * never a cancellation. With one meeting to come, straight to its new day (or the day
 * named: "décaler le rdv à vendredi"); with several, which one; with none, say so.
 */
export function meetingWish(raw: string, ctx: FlowContext): StepResult | null {
  const text = tidyTypography(raw);
  const normalized = normalizeText(text);
  const named = namesConcept(normalized, "appointment");
  // "Instead" moves a meeting only with a new day or time beside it ("le mettre à 14h plutôt"),
  // not "talk to an advisor instead of the meeting".
  const newWhen = () => {
    const reading = readDayAndTime(text, { now: ctx.now, lang: ctx.lang });
    return Boolean(reading.date || reading.time);
  };
  const moving = says(normalized, "move") || (named && says(normalized, "moveWeak") && !says(normalized, "cancel") && newWhen());
  if (!moving || !(named || (ctx.booking?.appointments.length ?? 0) > 0)) return null;
  // "changer de langue", "nbeddel lougha": another thing is moved.
  if (/\b(?:langue|lougha|lo4a|language)\b|اللغه|لغه/u.test(normalized.folded)) return null;
  if (ctx.contact.consent !== "given") return showMyAppointments(ctx);
  const appointments = viewOf(ctx).appointments;
  // No meeting to move: the words meant something else ("un conseiller maintenant, au lieu du rendez-vous").
  if (appointments.length === 0) return null;
  if (appointments.length > 1) {
    return ask(booking("mine", {}), ctx.t("booking:whichToMove"), [
      ...appointments.slice(0, 5).map((appointment) => ({ id: `appt:move:${appointment.id}`, label: formatSlot(appointment.start, ctx.lang) })),
      { id: "cmd:menu", label: ctx.t("common:backToMenu") },
    ]);
  }
  return startMove(appointments[0]!.id, ctx, text);
}

/** Reschedule: the same site and topic, a new day and time; the old slot frees in the same step. */
function startMove(id: string, ctx: FlowContext, typed?: string): StepResult {
  const appointment = viewOf(ctx).appointments.find((item) => item.id === id);
  if (!appointment) return withPrefix(showMyAppointments(ctx), [note(ctx.t("booking:notFound"))]);
  const data: BookingData = { siteId: appointment.siteId, topic: appointment.topic, replaces: id };
  // A new day or time said with the wish ("à vendredi", "le mettre à 14h plutôt"): straight to it.
  // The meeting's own day and time name the meeting, not the new slot ("mon rdv de demain 11h…").
  if (typed) {
    const reading = readDayAndTime(typed, { now: ctx.now, lang: ctx.lang, offeredDays: freeDays(viewOf(ctx).slots) });
    const ownDay = localDateOf(appointment.start);
    const ownTime = localTimeOf(appointment.start);
    const newTime = reading.time && reading.time !== ownTime ? reading.time : lastTimeIn(typed, ownTime);
    const newDay = reading.date && reading.date !== ownDay ? reading.date : undefined;
    if (newDay || newTime) {
      const moved = goToTime({ ...(newDay ? { date: newDay } : {}), ...(newTime ? { time: newTime } : {}) }, data, ctx, ownDay);
      if (moved) return moved;
    }
  }
  return askDay(data, ctx);
}

/** Words that say something: several of them, or one the understanding layer recognises. */
function describesSomething(text: string, ctx: FlowContext): boolean {
  return text.trim().split(/\s+/).length >= 2 || understand(text, { now: ctx.now, languageHint: ctx.lang }).intent !== "unknown";
}

// ---- The flow -------------------------------------------------------------------------

/** Buttons that work from anywhere (reminders carry them): `appt:<action>:<id>`. */
export function handleAppointmentChoice(choiceId: string, ctx: FlowContext): StepResult | null {
  const [, action, id] = choiceId.split(":", 3);
  if (!id) return null;
  switch (action) {
    case "show":
      return showAppointment(id, ctx);
    case "cancel":
      return askCancelReason(id, ctx);
    case "move":
      return startMove(id, ctx);
    case "ok":
      return showAppointment(id, ctx, ctx.t("booking:seeYou"));
    case "keep":
      return showAppointment(id, ctx, ctx.t("booking:kept"));
    default:
      return null;
  }
}

function handleChoice(state: FlowState, choiceId: string, ctx: FlowContext): StepResult | null {
  const data = dataOf(state);
  if (choiceId.startsWith("appt:")) return handleAppointmentChoice(choiceId, ctx);
  if (choiceId === "consent:ask") return askConsent(ctx);
  if (choiceId === "book:allsites") return askSite({ ...data, showAllSites: true }, ctx);
  if (choiceId === "book:othersite") return askSite({ topic: data.topic, replaces: data.replaces, showAllSites: true }, ctx);
  if (choiceId === "book:otherday") return askDay(data, ctx);
  if (choiceId === "book:confirm:yes") return book(data, ctx);
  if (choiceId === "book:confirm:no") return withPrefix(enterMenu(ctx), [note(ctx.t("booking:notBooked"))]);
  // `book:<kind>:<value>`; the value may hold colons (an ISO time).
  const match = /^book:([a-z]+):(.+)$/.exec(choiceId);
  if (!match) return null;
  const [, kind, value] = match as unknown as [string, string, string];
  switch (kind) {
    case "site":
      return siteOf(ctx, value) ? afterSite({ ...data, siteId: value }, ctx) : null;
    case "topic":
      return askDay({ ...data, topic: value }, ctx);
    case "day":
      return askTime(data, value, ctx);
    case "time":
      return askConfirm({ ...data, start: value, day: localDateOf(new Date(value)) }, ctx);
    case "reason":
      return data.appointmentId ? askCancelConfirm(data.appointmentId, value, ctx) : null;
    case "cancel":
      if (!data.appointmentId) return null;
      return value === "yes" ? cancel(data.appointmentId, data.reason ?? "other", ctx) : showAppointment(data.appointmentId, ctx, ctx.t("booking:kept"));
    case "program":
      return startBooking(ctx, { topic: value });
    default:
      return null;
  }
}

/** What to say when a typed answer was not understood: about this step's question, not another's. */
const HINT_OF_STEP: Record<string, string> = {
  confirmCancel: "common:pickOne",
  site: "booking:hint.site",
  topic: "booking:hint.topic",
  day: "booking:notUnderstood",
  time: "booking:notUnderstood",
  confirm: "booking:notUnderstood",
};

export const bookingFlow: Flow = {
  name: BOOKING,
  prompt(state, ctx) {
    const data = dataOf(state);
    switch (state.step) {
      case "topic":
        return askTopic(data, ctx);
      case "day":
        return askDay(data, ctx);
      case "time":
        return data.day ? askTime(data, data.day, ctx) : askDay(data, ctx);
      case "confirm":
        return askConfirm(data, ctx);
      case "mine":
        return showMyAppointments(ctx);
      case "appointment":
        return data.appointmentId ? showAppointment(data.appointmentId, ctx) : showMyAppointments(ctx);
      case "cancelReason":
        return data.appointmentId ? askCancelReason(data.appointmentId, ctx) : showMyAppointments(ctx);
      case "confirmCancel":
        return data.appointmentId ? askCancelConfirm(data.appointmentId, data.reason ?? "other", ctx) : showMyAppointments(ctx);
      case "site":
        return askSite(data, ctx);
      default:
        return startBooking(ctx);
    }
  },
  handle(state: FlowState, input: StepInput, ctx: FlowContext): StepResult {
    const again = (key: string) => withPrefix(bookingFlow.prompt(state, ctx), [note(ctx.t(key))]);
    if (input.kind === "choice") return handleChoice(state, input.choiceId, ctx) ?? again("common:pickOne");
    if (input.kind !== "text") return again("common:pickOne");
    const data = dataOf(state);
    if (state.step === "cancelReason" && data.appointmentId) return askCancelConfirm(data.appointmentId, input.text.slice(0, 200), ctx);
    // A subject in one's own words ("bghit nsowel 3la tamwil") is general advice; a stray word ("xqzt") is not a subject.
    if (state.step === "topic" && input.answer?.kind === "text" && describesSomething(input.text, ctx)) return askDay({ ...data, topic: "general" }, ctx);
    if (state.step === "day" || state.step === "time" || state.step === "confirm") {
      // "non plutôt à 14h" at the summary: the same day, another time. The question's reader
      // read the time; without its reading the text is not a time ("je ne suis pas dispo mardi").
      const answer = input.answer?.kind === "when" ? input.answer : null;
      if (answer?.ruledOut) return withPrefix(askDay(data, ctx), [note(ctx.t("booking:notThatDay"))]);
      const typed = answer ? goToTime(answer, data, ctx, state.step === "day" ? undefined : data.day) : null;
      if (typed) return typed;
    }
    return again(HINT_OF_STEP[state.step] ?? "common:pickOne");
  },
  expects(state) {
    switch (state.step) {
      case "site":
        return { kinds: ["site", "choice"] };
      case "day":
      case "time":
        return { kinds: ["when", "choice"] };
      case "confirm":
        return { kinds: ["yesno", "when", "choice"], yes: "book:confirm:yes", no: "book:confirm:no" } satisfies Expect;
      case "cancelReason":
        return { kinds: ["choice", "text"] };
      case "confirmCancel":
        return { kinds: ["yesno", "choice"], yes: "book:cancel:yes", no: "book:cancel:no" };
      case "consent":
        // "Do you accept the privacy notice?" — yes opens it, no goes back to the menu.
        return { kinds: ["yesno", "choice"], yes: "consent:ask", no: "cmd:menu" };
      case "topic":
        // What to talk about, in one's own words, is the answer ("بغيت نسول على التمويل"): general advice.
        return { kinds: ["choice", "text"], subject: true };
      default:
        return { kinds: ["choice"] };
    }
  },
};
