import { chromium } from "playwright-core";
const base = "http://127.0.0.1:3923";
const [email, password] = [process.argv[2]!, process.argv[3]!];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox"] });
const errors: string[] = [];
for (const width of [360, 768, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: width === 360 ? 640 : 800 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`${width} ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`${width} ${m.text()}`));
  await page.goto(`${base}/console`); await page.waitForTimeout(1500); console.log(errors.join("\n"));
  await page.locator("[data-login] input[name=email]").fill(email);
  await page.locator("[data-login] input[name=password]").fill(password);
  await page.locator("[data-login] button[type=submit]").click();
  await page.locator('[data-live="live"]').waitFor({ state: "attached" });
  await page.locator('[data-view="all"]').click();
  await page.waitForTimeout(500);
  const first = page.locator("[data-conversation]").first();
  if (await first.count()) { await first.click(); await page.locator("[data-composer]").waitFor(); }
  await page.waitForTimeout(300);
  const sw = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  console.log(width, sw, await page.title());
  await page.screenshot({ path: `/tmp/s23/shot-${width}.png` });
  await context.close();
}
console.log(errors.join("\n"));
await browser.close();
