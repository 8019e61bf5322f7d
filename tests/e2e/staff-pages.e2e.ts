/**
 * The staff pages in a real browser (Debian's Chromium, playwright-core), against
 * `npm start` as an operator runs it: no configuration but an admin account (embedded
 * database, or DATABASE_URL when set). Not part of `vitest run`: `npm run
 * test:staff-pages`. Screenshots go to tests/.artifacts/.
 *
 * 1. A staff member logs in, opens a closed programme on the catalogue page, sets it
 *    open with a deadline; the live preview of verdicts answers while the rules are
 *    edited; the history shows the new version.
 * 2. The next chat verdict (web chat API, a young woman of Khouribga) shows it open, and
 *    the stateless verdicts API gives its deadline.
 * 3. The funnel page shows the numbers of the conversations just had, and its CSV matches.
 * 4. The sites page lists the platforms; the console in Darija lays the pages right to left.
 */
import { join } from "node:path";
import { type Browser, type Page } from "playwright-core";
import { createReport } from "../smoke/support.ts";
import { ARTIFACTS, launchChromium, logIntoConsole, startAppProcess, until, watchPage } from "./harness.ts";

const ADMIN = { email: "admin@rafiq.example", password: "staff-pages-e2e-password" };
const STAFF = { email: "nadia@rafiq.example", password: "nadia-e2e-password", name: "Nadia Berrada" };
/** Closed in the seed, and a 24-year-old woman of Khouribga qualifies: her verdict can show the change. */
const PROGRAM = "sil-wec-khouribga";
const DEADLINE = "2099-06-30";

const report = createReport("staff pages");
const app = await startAppProcess("staff-pages", {
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
});
const base = app.base;
const browser: Browser = await launchChromium();

async function json(path: string, init: RequestInit = {}) {
  const response = await fetch(`${base}${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { [key: string]: any } };
}

/** An admin creates the staff account through the API, as an operator would. */
async function createStaff() {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ADMIN) });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${base}/api/v1/admin/users`, {
    method: "POST",
    headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
    body: JSON.stringify({ ...STAFF, role: "staff" }),
  });
  report.check(created.status === 201, `an admin creates a staff account (${created.status})`);
}

/** A person in the web chat, through its API: each call returns the bot's messages. */
async function webPerson() {
  const { body } = await json("/api/v1/webchat/sessions", { method: "POST" });
  const token = String(body.token);
  let sequence = 0;
  const send = async (input: Record<string, unknown>) => {
    sequence += 1;
    const { status, body: reply } = await json("/api/v1/webchat/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, clientMessageId: `e2e-${token.slice(0, 12)}-${sequence}`, ...input }),
    });
    if (status !== 200) throw new Error(`web chat answered ${status}: ${JSON.stringify(reply)}`);
    return reply.messages as { kind: string; text: string; choices?: { id: string; label: string }[] }[];
  };
  return { start: () => send({ start: true }), choose: (choice: string) => send({ choice }), text: (text: string) => send({ text }) };
}

const choicesOf = (messages: { choices?: { id: string }[] }[]) => messages.flatMap((message) => message.choices?.map((choice) => choice.id) ?? []);
const textOf = (messages: { text: string }[]) => messages.map((message) => message.text).join("\n");

/** A 24-year-old unemployed woman of Khouribga asks whether she is eligible; returns the card of PROGRAM from her verdict list. */
async function askVerdict(): Promise<string> {
  const person = await webPerson();
  await person.start();
  await person.choose("lang:fr");
  await person.choose("consent:yes");
  await person.choose("name:skip");
  let replies = await person.choose("cmd:eligibility");
  for (let turn = 0; turn < 20 && !choicesOf(replies).includes("check:review"); turn += 1) {
    const ids = choicesOf(replies);
    if (ids.includes("elig:set:gender:female")) replies = await person.choose("elig:set:gender:female");
    else if (ids.includes("elig:set:status:unemployed")) replies = await person.choose("elig:set:status:unemployed");
    else if (ids.includes("elig:set:organizationType:none")) replies = await person.choose("elig:set:organizationType:none");
    else if (ids.includes("elig:set:country:ZZ")) replies = await person.text("Khouribga");
    else if (/Quel âge/.test(textOf(replies))) replies = await person.text("24");
    else replies = await person.choose("elig:skip");
  }
  if (!choicesOf(replies).includes(`prog:card:${PROGRAM}`)) throw new Error(`the verdict list offers no card of ${PROGRAM}: ${textOf(replies)}`);
  return textOf(await person.choose(`prog:card:${PROGRAM}`));
}


async function login(page: Page) {
  await logIntoConsole(page, base, STAFF);
  await page.locator('[data-section="catalogue"]').waitFor();
}

async function openTheCall(page: Page) {
  await page.locator('[data-section="catalogue"]').click();
  const row = page.locator(`[data-program="${PROGRAM}"]`);
  await row.waitFor();
  report.check((await row.locator("[data-status]").getAttribute("data-status")) === "closed", `the catalogue lists ${PROGRAM} as closed`);
  await row.locator("[data-open-program]").click();
  const editor = page.locator(`[data-page="program"][data-program-id="${PROGRAM}"]`);
  await editor.waitFor();
  const versionBefore = Number(await editor.getAttribute("data-version"));

  // The live preview: verdicts of the sample profiles appear, and follow the rules as they are typed.
  const sample = page.locator('[data-preview] [data-sample="youngKhouribga"] [data-verdict]');
  await until(async () => ((await sample.getAttribute("data-verdict")) ?? "") !== "", "the preview's first verdicts");
  const rules = page.locator("[data-rules]");
  const saved = await rules.inputValue();
  await rules.fill('{"all":[{"field":"age","min":18,"max":35}]}');
  await until(async () => (await sample.getAttribute("data-verdict")) === "eligible", "the preview to follow edited rules");
  await rules.fill("{ not json");
  await page.locator("[data-rules-problem]").waitFor();
  report.check(true, "the preview of verdicts follows the rules as they are typed, and says when they are not valid");
  await rules.fill(saved);
  await until(async () => (await page.locator("[data-rules-problem]").count()) === 0, "the preview to accept the original rules again");

  await editor.locator('select[name="status"]').selectOption("open");
  await editor.locator('input[name="closesOn"]').fill(DEADLINE);
  await editor.locator(".call [data-save]").click();
  await until(async () => Number(await page.locator('[data-page="program"]').getAttribute("data-version")) === versionBefore + 1, "the new version");
  await page.locator(`[data-history-version="${versionBefore + 1}"]`).waitFor();
  const history = (await page.locator(`[data-history-version="${versionBefore + 1}"]`).textContent()) ?? "";
  report.check(history.includes(STAFF.name) && history.includes("closesOn") && history.includes("status"), `the history shows version ${versionBefore + 1} by ${STAFF.name}: ${history.trim()}`);
  await page.screenshot({ path: join(ARTIFACTS, "staff-catalogue-editor.png"), fullPage: true });
  await page.locator('[data-page="program"] button.link').first().click();
  await page.locator("[data-programs]").waitFor();
  await until(async () => (await page.locator(`[data-program="${PROGRAM}"] [data-status]`).getAttribute("data-status")) !== "closed", "the list to reload").catch(() => {});
  const status = await page.locator(`[data-program="${PROGRAM}"] [data-status]`).getAttribute("data-status");
  const closesOn = await page.locator(`[data-program="${PROGRAM}"] [data-closes-on]`).getAttribute("data-closes-on");
  report.check(status === "open" && closesOn === DEADLINE, `back in the list: ${PROGRAM} open until ${DEADLINE} (${status}, ${closesOn})`);
}

async function funnelPage(page: Page) {
  await page.locator('[data-section="funnel"]').click();
  const started = page.locator('[data-funnel-total] [data-step="started"] [data-count]');
  await started.waitFor();
  const shown = Object.fromEntries(
    await page.locator("[data-funnel-total] tr[data-step]").evaluateAll((rows) => rows.map((row) => [row.getAttribute("data-step"), Number(row.querySelector("[data-count]")?.getAttribute("data-count"))])),
  ) as Record<string, number>;
  // The API read from here with the page's own session cookie.
  const cookies = await page.context().cookies();
  const cookie = cookies.map((entry) => `${entry.name}=${entry.value}`).join("; ");
  const { body } = await json("/api/v1/admin/funnel", { headers: { cookie } });
  const total = body.total as Record<string, number>;
  report.check(
    shown.started === 2 && shown.consented === 2 && shown.eligibility_answered === 2 && shown.eligible_found === 2,
    `the funnel page shows the two web chat conversations through eligibility (${JSON.stringify(shown)})`,
  );
  report.check(JSON.stringify(shown) === JSON.stringify(total), "the funnel page shows the API's numbers");
  await page.locator(".funnel-bars [data-step='started'] [data-count]").waitFor();
  const csv = await fetch(`${base}/api/v1/admin/funnel.csv`, { headers: { cookie } });
  const lastLine = (await csv.text()).trim().split("\r\n").at(-1) ?? "";
  report.check(csv.status === 200 && lastLine === ["total", ...Object.values(total)].join(","), `the CSV export ends with the same total (${lastLine})`);
  await page.screenshot({ path: join(ARTIFACTS, "staff-funnel.png"), fullPage: true });
}

async function sitesPage(page: Page) {
  await page.locator('[data-section="sites"]').click();
  await page.locator('[data-page="sites"] [data-site="minassati-khouribga"]').waitFor();
  report.check(true, "the sites page lists the platforms (Minassati Khouribga among them)");
  const edit = page.locator("[data-edit-advisor]").first();
  if ((await edit.count()) > 0) {
    await edit.click();
    await page.locator('[data-page="advisor"] [data-save-availability]').waitFor();
    await page.locator('[data-page="advisor"] [data-save-availability]').click();
    await page.locator('[data-page="advisor"] [data-editor-message]').waitFor();
    report.check(((await page.locator('[data-page="advisor"] [data-editor-message]').getAttribute("class")) ?? "").includes("saved"), "an advisor's availability opens and saves unchanged");
  }
  await page.locator("[data-console-lang]").selectOption("ary");
  await until(async () => (await page.locator("html").getAttribute("dir")) === "rtl", "the console to turn right to left");
  await page.locator('[data-section="funnel"]').click();
  await page.locator("[data-funnel-total]").waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "staff-funnel-ary.png"), fullPage: true });
  report.check(true, "the staff pages in Darija lay out right to left");
}

/**
 * An admin builds the team from the console: creates an advisor, places her at a
 * platform with weekly hours (no API call by hand), and she is then in the console's
 * advisors of that site with those hours.
 */
async function teamPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  watchPage(page, "team", problems, { expectedStatuses: [409] });
  await logIntoConsole(page, base, ADMIN);
  await page.locator('[data-section="team"]').click();
  const form = page.locator("[data-new-user]");
  await form.locator("input[name=name]").fill("Khadija Amrani");
  await form.locator("input[name=email]").fill("khadija@rafiq.example");
  await form.locator("select[name=role]").selectOption("advisor");
  await form.locator("input[name=maxOpenConversations]").fill("4");
  await form.locator("input[name=password]").fill("khadija-e2e-password");
  await form.locator("button[type=submit]").click();
  await page.locator('[data-user="khadija@rafiq.example"]').waitFor();
  report.check(true, "an admin creates an advisor on the team page (capacity 4)");
  await form.locator("input[name=name]").fill("Someone Else");
  await form.locator("input[name=email]").fill("khadija@rafiq.example");
  await form.locator("input[name=password]").fill("another-e2e-password");
  await form.locator("button[type=submit]").click();
  await until(async () => ((await page.locator("[data-team-message]").textContent()) ?? "").includes("déjà"), "the email-taken message");
  report.check(true, "a second account with the same email is refused in words");

  await page.locator("[data-place-advisor]").click();
  const editor = page.locator('[data-page="advisor"]');
  await editor.locator("[data-add-site]").selectOption("minassati-khouribga");
  for (const weekday of [1, 2, 3, 4, 5]) await editor.locator(`input[name=day-${weekday}]`).fill("09:00-12:30, 14:00-17:00");
  await editor.locator("[data-save-availability]").click();
  await until(async () => ((await editor.locator("[data-editor-message]").getAttribute("class")) ?? "").includes("saved"), "the availability to save");
  const cookies = await context.cookies();
  const cookie = cookies.map((entry) => `${entry.name}=${entry.value}`).join("; ");
  const advisors = await json("/api/v1/console/advisors", { headers: { cookie } });
  const khadija = (advisors.body.advisors as { id: string; name: string; capacity: number; siteIds: string[] }[]).find((advisor) => advisor.name === "Khadija Amrani");
  const availability = khadija ? await json(`/api/v1/admin/advisors/${khadija.id}/availability`, { headers: { cookie } }) : null;
  const weekly = (availability?.body.sites as { siteId: string; weekly: unknown[] }[] | undefined)?.find((site) => site.siteId === "minassati-khouribga")?.weekly ?? [];
  report.check(
    khadija?.capacity === 4 && khadija.siteIds.includes("minassati-khouribga") && weekly.length === 10,
    `she is an advisor of Minassati Khouribga with 10 weekly windows and capacity 4 (${JSON.stringify({ capacity: khadija?.capacity, sites: khadija?.siteIds, windows: weekly.length })})`,
  );
  await page.screenshot({ path: join(ARTIFACTS, "staff-advisor-placed.png"), fullPage: true });
  await context.close();
}

const problems: string[] = [];
try {
  await createStaff();
  const before = await askVerdict();
  report.check(/Statut\s*:\s*fermé/.test(before), `before: the chat's card of ${PROGRAM} says it is closed: ${JSON.stringify(before.split("\n").find((line) => line.includes("Statut")))}`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  watchPage(page, "console", problems);
  await login(page);
  await openTheCall(page);

  const after = await askVerdict();
  report.check(/Statut\s*:\s*ouvert, jusqu'au 30 juin 2099/.test(after), `after: the next chat verdict's card of ${PROGRAM} says it is open, with its deadline: ${JSON.stringify(after.split("\n").find((line) => line.includes("Statut")))}`);
  const verdicts = await json("/api/v1/eligibility", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ profile: { age: 24, gender: "female", province: "khouribga", status: "unemployed", organizationType: "none" }, lang: "fr" }),
  });
  const result = (verdicts.body.results as { programId: string; verdict: string; status: string; closesOn: string | null }[]).find((entry) => entry.programId === PROGRAM);
  report.check(result?.verdict === "eligible" && result.status === "open" && result.closesOn === DEADLINE, `the verdicts API: eligible, open, deadline ${DEADLINE} (${JSON.stringify(result)})`);

  await funnelPage(page);
  await sitesPage(page);
  await context.close();
  await teamPage();
  report.check(problems.length === 0, `no page error or console error${problems.length ? `: ${problems.join("; ")}` : ""}`);
} catch (error) {
  report.fail(error);
  for (const context of browser.contexts()) for (const page of context.pages()) await page.screenshot({ path: join(ARTIFACTS, "staff-pages-failure.png") }).catch(() => {});
} finally {
  await browser.close();
  await app.close();
}
report.finish();
