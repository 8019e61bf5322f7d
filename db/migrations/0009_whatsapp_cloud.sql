CREATE TABLE "media_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"message_id" bigint,
	"media_id" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whatsapp_statuses" (
	"wamid" text NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone,
	"error_code" integer,
	"error_title" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whatsapp_statuses_wamid_status_pk" PRIMARY KEY("wamid","status")
);
--> statement-breakpoint
CREATE TABLE "whatsapp_template_sends" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "whatsapp_template_sends_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"external_id" text NOT NULL,
	"template" text NOT NULL,
	"wamid" text,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channel_identities" ADD COLUMN "last_inbound_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "held_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "media_files" ADD CONSTRAINT "media_files_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "media_files_expires_at_idx" ON "media_files" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "media_files_contact_id_idx" ON "media_files" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "whatsapp_template_sends_sent_at_idx" ON "whatsapp_template_sends" USING btree ("sent_at");--> statement-breakpoint
CREATE INDEX "whatsapp_template_sends_wamid_idx" ON "whatsapp_template_sends" USING btree ("wamid");--> statement-breakpoint
CREATE INDEX "messages_outbound_channel_message_idx" ON "messages" USING btree ("channel_message_id") WHERE "messages"."direction" = 'outbound' and "messages"."channel_message_id" is not null;--> statement-breakpoint
CREATE INDEX "broadcast_recipients_message_idx" ON "broadcast_recipients" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "broadcast_recipients_pending_idx" ON "broadcast_recipients" USING btree ("channel","id") WHERE "broadcast_recipients"."status" = 'pending';