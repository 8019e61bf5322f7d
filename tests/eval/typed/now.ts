export const TYPED_NOW = new Date("2026-12-07T08:30:00Z");
