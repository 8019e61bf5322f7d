import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/app.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  runtime = await openTestRuntime();
  app = createApp(runtime);
});
afterAll(() => runtime.close());

const PAGE_DIR = new URL("../../bot/channels/web/page/", import.meta.url);

describe("the web chat page", () => {
  it("is served at / as HTML that loads nothing from other origins and is always revalidated", async () => {
    const response = await app.request("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toMatch(/src="webchat\/chat\.js\?v=[0-9a-f]{16}"/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it("serves its assets with their content types, cached for a year when versioned", async () => {
    const html = await (await app.request("/")).text();
    const scriptUrl = html.match(/src="(webchat\/chat\.js\?v=[0-9a-f]+)"/)?.[1];
    const pinned = await app.request(`/${scriptUrl}`);
    expect(pinned.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(pinned.headers.get("cache-control")).toContain("immutable");

    const css = await app.request("/webchat/chat.css");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("cache-control")).toBe("no-cache");
    const again = await app.request("/webchat/chat.css", { headers: { "if-none-match": css.headers.get("etag") ?? "" } });
    expect(again.status).toBe(304);

    for (const module of ["chat-api.js", "chat-stream.js", "chat-view.js", "chat-strings.js"]) {
      expect((await app.request(`/webchat/${module}`)).status).toBe(200);
    }
  });

  it("serves nothing outside its list of files", async () => {
    for (const path of ["/webchat/index.html", "/webchat/..%2F..%2F..%2Fpackage.json", "/webchat/nope.js"]) {
      const response = await app.request(path);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
  });

  it("is not there at all when WEBCHAT_ENABLED is false", async () => {
    const disabled = createApp({ ...runtime, config: { ...runtime.config, WEBCHAT_ENABLED: false } });
    expect((await disabled.request("/")).status).toBe(404);
    expect((await disabled.request("/api/v1/webchat/sessions", { method: "POST" })).status).toBe(404);
  });

  it("never inserts text as HTML in the browser", () => {
    for (const file of readdirSync(PAGE_DIR).filter((name) => name.endsWith(".js"))) {
      const source = readFileSync(new URL(file, PAGE_DIR), "utf8");
      expect(source, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    }
  });
});
