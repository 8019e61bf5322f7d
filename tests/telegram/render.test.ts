import { describe, expect, it } from "vitest";
import { escapeHtml, render, splitText, TELEGRAM_CAPABILITIES } from "../../bot/channels/telegram/render.ts";

const labels = (ids: string[]) => ids.map((id) => ({ id, label: id }));

describe("rendering for Telegram", () => {
  it("declares Telegram's limits as data", () => {
    expect(TELEGRAM_CAPABILITIES).toMatchObject({ maxTextLength: 4096, maxButtons: 10 });
  });

  it("escapes the three characters parse_mode HTML reserves, and only them", () => {
    expect(escapeHtml(`a < b && c > "d" 'e'`)).toBe(`a &lt; b &amp;&amp; c &gt; "d" 'e'`);
  });

  it("turns choices into an inline keyboard: one long label per row, two short ones side by side", () => {
    const [message] = render({
      kind: "choices",
      text: "Êtes-vous d'accord ?",
      choices: [
        { id: "consent:yes", label: "J'accepte" },
        { id: "consent:no", label: "Non merci" },
        { id: "cmd:human", label: "Parler à un conseiller" },
      ],
    });
    expect(message?.reply_markup?.inline_keyboard).toEqual([
      [
        { text: "J'accepte", callback_data: "consent:yes" },
        { text: "Non merci", callback_data: "consent:no" },
      ],
      [{ text: "Parler à un conseiller", callback_data: "cmd:human" }],
    ]);
  });

  it("falls back to a numbered list when there are too many choices or an id is over 64 bytes", () => {
    const many = render({ kind: "choices", text: "Choisissez :", choices: labels(Array.from({ length: 11 }, (_, i) => `c${i}`)) });
    expect(many).toEqual([{ text: expect.stringContaining("\n11. c10") }]);
    const longId = render({ kind: "choices", text: "Choisissez :", choices: labels(["ok", "x".repeat(65)]) });
    expect(longId[0]?.reply_markup).toBeUndefined();
    expect(longId[0]?.text).toContain("1. ok");
  });

  it("renders a link as a URL button, or as text when Telegram would refuse the URL", () => {
    expect(render({ kind: "link", text: "Fiche", url: "https://rafiq.ma/p", label: "Ouvrir" })).toEqual([
      { text: "Fiche", reply_markup: { inline_keyboard: [[{ text: "Ouvrir", url: "https://rafiq.ma/p" }]] } },
    ]);
    expect(render({ kind: "link", text: "Fiche", url: "mailto:a@b.ma", label: "Écrire" })).toEqual([{ text: "Fiche\nÉcrire: mailto:a@b.ma" }]);
  });

  it("never sends an empty text, which Telegram refuses", () => {
    expect(render({ kind: "text", text: "  " })).toEqual([{ text: "…" }]);
  });
});

describe("splitting a long text", () => {
  it("keeps a text within the limit whole", () => {
    expect(splitText("court", 10)).toEqual(["court"]);
  });

  it("cuts at a paragraph, then a line, then a word boundary", () => {
    expect(splitText("aaaa bbbb\n\ncccc dddd", 15)).toEqual(["aaaa bbbb", "cccc dddd"]);
    expect(splitText("aaaa bbbb\ncccc dddd", 15)).toEqual(["aaaa bbbb", "cccc dddd"]);
    expect(splitText("aaaa bbbb cccc dddd", 15)).toEqual(["aaaa bbbb cccc", "dddd"]);
  });

  it("cuts a word longer than the limit, never inside an emoji", () => {
    expect(splitText("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
    const parts = splitText("abc😀def", 4);
    expect(parts).toEqual(["abc", "😀de", "f"]);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4);
  });

  it("keeps every part of a long Arabic text within Telegram's 4096 characters", () => {
    const text = "مرحبا بك في رفيق، رفيقك لإطلاق مشروعك. ".repeat(400);
    const parts = splitText(text, 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join(" ").trim().split(/\s+/)).toEqual(text.trim().split(/\s+/));
  });
});
