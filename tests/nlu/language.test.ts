import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../bot/nlu/language.ts";

describe("language detection", () => {
  it("reads French as French in Latin letters", () => {
    expect(detectLanguage("je voudrais prendre un rendez-vous demain")).toMatchObject({ language: "fr", script: "latn" });
  });

  it("reads Modern Standard Arabic by its marker words", () => {
    expect(detectLanguage("هل يمكنني التسجيل في البرنامج؟")).toMatchObject({ language: "ar", script: "arab" });
    expect(detectLanguage("أريد معرفة الشروط")).toMatchObject({ language: "ar", script: "arab" });
  });

  it("reads Darija in Arabic letters by its marker words", () => {
    expect(detectLanguage("واش نقدر نستافد من البرنامج ديالكم؟")).toMatchObject({ language: "ary", script: "arab" });
    expect(detectLanguage("بغيت نعرف شنو خاصني")).toMatchObject({ language: "ary", script: "arab" });
  });

  it("reads Arabizi as Darija, not French", () => {
    expect(detectLanguage("wach n9der nstafed mn lbarnamij?")).toMatchObject({ language: "ary", script: "latn" });
    expect(detectLanguage("3andi fikra dyal mochroo3")).toMatchObject({ language: "ary", script: "latn" });
  });

  it("keeps code-switched Arabizi as Darija and a French sentence with a Darija greeting as French", () => {
    expect(detectLanguage("bghit nakhod rdv m3a conseiller").language).toBe("ary");
    expect(detectLanguage("werini les programmes").language).toBe("ary");
    expect(detectLanguage("salam, je voudrais des informations sur les formations").language).toBe("fr");
  });

  it("is less confident about short or unmarked messages", () => {
    const marked = detectLanguage("je voudrais prendre un rendez-vous avec un conseiller");
    expect(detectLanguage("ok").confidence).toBeLessThan(marked.confidence);
    expect(detectLanguage("شكرا").confidence).toBeLessThan(detectLanguage("واش نقدر نستافد من البرنامج ديالكم؟").confidence);
  });

  it("uses the person's chosen language when the message does not tell", () => {
    expect(detectLanguage("شكرا").language).toBe("ar");
    expect(detectLanguage("شكرا", "ary").language).toBe("ary");
    expect(detectLanguage("👍", "ary")).toMatchObject({ language: "ary", confidence: 0 });
  });
});
