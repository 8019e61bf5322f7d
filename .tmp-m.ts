import { openDatabase } from "./db/client.ts";
import { sql } from "drizzle-orm";
import { queryRows } from "./db/sql.ts";
const url = process.argv[2];
const d = await openDatabase({ databaseUrl: url || undefined, dataDir: "/tmp/s23/x", inMemory: true });
await d.migrate();
for (const t of ["J'ai une question sur le FINANCEMENT élevé", "بغيت نعرف على التمويل ديال المشروع والتمويل فالصباح", "أنا مَشْرُوعِي ٣٠٠٠ درهم", "3andi fikra dyal mochroo3"])
  console.log(await queryRows(d.db, sql`select rafiq_search_text(${t}) as n, to_tsvector('simple', rafiq_search_text(${t}))::text as v`));
await d.close();
