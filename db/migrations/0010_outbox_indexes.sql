DROP INDEX "messages_unfinished_idx";--> statement-breakpoint
CREATE INDEX "messages_pending_outbound_idx" ON "messages" USING btree ("conversation_id","id") WHERE "messages"."direction" = 'outbound' and "messages"."status" = 'pending' and "messages"."held_at" is null;--> statement-breakpoint
CREATE INDEX "messages_received_inbound_idx" ON "messages" USING btree ("conversation_id","id") WHERE "messages"."direction" = 'inbound' and "messages"."status" = 'received';--> statement-breakpoint
-- Vacuum and statistics keep pace with the messages table's churn: every message is inserted
-- and updated once or twice within seconds, so the 20% defaults let dead rows pile up for
-- hours on a large table (and the planner's estimates age with them).
ALTER TABLE "messages" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
