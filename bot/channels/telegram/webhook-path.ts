/** Where Telegram posts updates; apart from webhook.ts so the HTTP app can name it without loading grammY. */
export const WEBHOOK_PATH = "/telegram/webhook";
