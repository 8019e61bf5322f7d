import { describe, expect, it } from "vitest";
import { render, renderWithId, WEB_CAPABILITIES } from "../../bot/channels/web/render.ts";

describe("rendering for the web chat", () => {
  it("turns choices into buttons with ids and labels only", () => {
    const rendered = render({
      kind: "choices",
      text: "Langue ?",
      choices: [{ id: "lang:fr", label: "Français", keywords: ["fr", "francais"] }],
    });
    expect(rendered).toEqual({ kind: "choices", text: "Langue ?", choices: [{ id: "lang:fr", label: "Français" }] });
  });

  it("renders a link with its url and label", () => {
    expect(renderWithId(7, { kind: "link", text: "Votre fiche", url: "https://example.org/s/1", label: "Ouvrir" })).toEqual({
      id: 7,
      kind: "link",
      text: "Votre fiche",
      url: "https://example.org/s/1",
      linkLabel: "Ouvrir",
    });
  });

  it("shortens button labels past the channel's limit without cutting a letter in half", () => {
    const label = "ب".repeat(WEB_CAPABILITIES.maxButtonLabelLength + 10);
    const rendered = render({ kind: "choices", text: "?", choices: [{ id: "x", label }] });
    const shown = rendered.choices?.[0]?.label ?? "";
    expect([...shown]).toHaveLength(WEB_CAPABILITIES.maxButtonLabelLength);
    expect(shown.endsWith("…")).toBe(true);
  });

  it("shows more choices than buttons fit as numbered lines, so none disappears (the project review offers 13)", () => {
    const choices = Array.from({ length: WEB_CAPABILITIES.maxButtons + 1 }, (_, index) => ({ id: `proj:change:${index}`, label: `Option ${index + 1}` }));
    const rendered = render({ kind: "choices", text: "Votre canevas", choices });
    expect(rendered.choices ?? []).toEqual([]);
    expect(rendered.text).toContain(`${choices.length}. Option ${choices.length}`);
    expect(rendered.text.startsWith("Votre canevas")).toBe(true);
  });

  it("keeps a plain text as it is", () => {
    expect(render({ kind: "text", text: "مرحبا Minassati" })).toEqual({ kind: "text", text: "مرحبا Minassati" });
  });
});
