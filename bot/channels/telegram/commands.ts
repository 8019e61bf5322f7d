import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { Logger } from "../../../lib/logger.ts";
import type { Translate } from "../../flows/types.ts";
import type { Translator } from "../../i18n.ts";

/**
 * The commands Telegram shows in its "/" menu. The names are ASCII (Telegram allows only
 * a-z, 0-9, _), the engine already understands them typed (bot/core/commands.ts); only
 * the descriptions are translated.
 */
export function botCommands(t: Translate): BotCommand[] {
  return [
    { command: "menu", description: t("telegram:commands.menu") },
    { command: "eligibility", description: t("telegram:commands.eligibility") },
    { command: "programs", description: t("telegram:commands.programs") },
    { command: "project", description: t("telegram:commands.project") },
    { command: "book", description: t("telegram:commands.book") },
    { command: "appointments", description: t("telegram:commands.appointments") },
    { command: "help", description: t("telegram:commands.help") },
    { command: "language", description: t("telegram:commands.language") },
    { command: "stop", description: t("telegram:commands.stop") },
    { command: "mydata", description: t("telegram:commands.mydata") },
    // The rights the privacy notice names (law 09-08), each one tap away.
    { command: "correct", description: t("telegram:commands.correct") },
    { command: "withdraw", description: t("telegram:commands.withdraw") },
    { command: "cndp", description: t("telegram:commands.cndp") },
    { command: "privacy", description: t("telegram:commands.privacy") },
  ];
}

/**
 * French for everyone by default; Arabic for Telegram apps set to Arabic. Telegram has no
 * Darija interface language: Moroccan users' apps say `ar` (or `fr`), and Arabic
 * descriptions read fine to a Darija speaker.
 */
export async function registerBotCommands(api: Api, translator: Translator, log: Logger): Promise<void> {
  const menus = [
    { languageCode: undefined, t: translator.forLang("fr") },
    { languageCode: "ar" as const, t: translator.forLang("ar") },
  ];
  for (const { languageCode, t } of menus) {
    try {
      await api.setMyCommands(botCommands(t), languageCode ? { language_code: languageCode } : {});
    } catch (error) {
      // The "/" menu is a convenience: typed commands work without it.
      log.warn({ err: error, languageCode }, "could not register the Telegram command menu");
    }
  }
}
