CREATE TABLE `email_intents` (
	`key` text PRIMARY KEY NOT NULL,
	`message` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `email_intents_created_idx` ON `email_intents` (`created_at`);--> statement-breakpoint
ALTER TABLE `product_variants` ADD `max_per_customer` integer;