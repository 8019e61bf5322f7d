export * from "./audit.ts";
export * from "./contacts.ts";
export * from "./conversations.ts";
export * from "./flow-sessions.ts";
export * from "./messages.ts";
export * from "./staff.ts";
export * from "./programs.ts";
