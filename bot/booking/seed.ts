import type { Database } from "../../db/client.ts";
import { seedSites } from "../../db/sites.ts";
import type { Logger } from "../../lib/logger.ts";
import { seedDemoAdvisors } from "./demo.ts";
import { loadSeedSites } from "./sites-seed.ts";

/**
 * At every start: the seed sites that do not exist yet (staff edits stay), and, on the
 * embedded database only (no DATABASE_URL), the demo advisors. A real PostgreSQL never
 * gets demo people.
 */
export async function seedBooking(database: Database, options: { databaseUrl: string | undefined; at: Date; log: Logger }): Promise<void> {
  const inserted = await seedSites(database.db, loadSeedSites(), options.at);
  if (inserted.length > 0) options.log.info({ sites: inserted }, "seeded booking sites");
  if (options.databaseUrl || database.kind !== "pglite") return;
  const demo = await seedDemoAdvisors(database.db, options.at);
  if (demo.length > 0) options.log.info({ advisors: demo }, "embedded mode: created demo advisors (remove with DELETE /api/v1/admin/demo-data)");
}
