-- Search in the console (db/search.ts): people by name, phone or the words of their messages,
-- with PostgreSQL full-text search. unaccent ships with PostgreSQL's contrib and with PGlite
-- (loaded in db/client.ts); both run this same migration.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- One spelling for what people write several ways: lower case, no accents (é -> e), Arabic
-- without short vowels or tatweel, one alef (أ إ آ ٱ -> ا), ى -> ي, ة -> ه, ؤ -> و, ئ -> ي,
-- Arabic-Indic digits as 0-9, and the article ال (with و ف ب ك ل before it) taken off a word
-- of three letters or more, so that «التمويل», «والتمويل» and «تمويل» meet. Arabizi («3andi»,
-- «mochroo3») keeps its digits. IMMUTABLE (the dictionary is named, not looked up) so that
-- indexes can use it; the query side goes through the same function.
CREATE OR REPLACE FUNCTION rafiq_search_text(input text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN regexp_replace(
    translate(lower(public.unaccent('public.unaccent'::regdictionary, input)), 'أإآٱىةؤئ٠١٢٣٤٥٦٧٨٩ًٌٍَُِّْٰـ', 'اااايهوي0123456789'),
    '(^|[^ء-ي])[وفبكل]?ال([ء-ي]{3,})', '\1\2', 'g');
--> statement-breakpoint
-- The person's typed messages and the advisors' replies, as words.
CREATE INDEX IF NOT EXISTS "messages_search_idx" ON "messages" USING gin (to_tsvector('simple'::regconfig, rafiq_search_text("content"->>'text')))
  WHERE ("direction" = 'inbound' AND "kind" = 'text') OR "author" = 'advisor';
--> statement-breakpoint
-- First names by their beginning («sal» finds Salma, «سل» سلمى).
CREATE INDEX IF NOT EXISTS "contacts_search_name_idx" ON "contacts" (rafiq_search_text("first_name") text_pattern_ops) WHERE "first_name" IS NOT NULL;
