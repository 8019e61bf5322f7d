import { defineConfig } from "drizzle-kit";

// Migrations are generated SQL (`npm run db:generate`), committed and reviewed; the app
// applies them at start and with `npm run db:migrate`, on PostgreSQL and PGlite alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
