CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`actor_id` text NOT NULL,
	`actor_role` text NOT NULL,
	`action` text NOT NULL,
	`object_type` text NOT NULL,
	`object_id` text NOT NULL,
	`changes` text NOT NULL,
	`request_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_created_idx` ON `audit_log` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_object_idx` ON `audit_log` (`object_type`,`object_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `stock_digests` (
	`recipient` text PRIMARY KEY NOT NULL,
	`fingerprint` text NOT NULL,
	`flash_fingerprint` text NOT NULL,
	`seq` integer DEFAULT 0 NOT NULL,
	`checked_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
DROP INDEX `categories_slug_unique`;--> statement-breakpoint
ALTER TABLE `categories` ADD `store_id` text REFERENCES stores(id);--> statement-breakpoint
ALTER TABLE `categories` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `categories` ADD `updated_by` text;--> statement-breakpoint
CREATE UNIQUE INDEX `categories_global_slug_unique` ON `categories` (`slug`) WHERE store_id IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `categories_store_slug_unique` ON `categories` (`store_id`,`slug`) WHERE store_id IS NOT NULL;--> statement-breakpoint
DROP INDEX `products_created_idx`;--> statement-breakpoint
ALTER TABLE `products` ADD `available_from` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `available_until` integer;--> statement-breakpoint
CREATE INDEX `products_store_all_created_idx` ON `products` (`store_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `products_created_idx` ON `products` (`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `discounts` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `discounts` ADD `updated_by` text;--> statement-breakpoint
ALTER TABLE `product_variants` ADD `low_stock_threshold` integer;--> statement-breakpoint
ALTER TABLE `product_variants` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `product_variants` ADD `updated_by` text;--> statement-breakpoint
ALTER TABLE `stores` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `stores` ADD `updated_by` text;--> statement-breakpoint
ALTER TABLE `users` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `users` ADD `updated_by` text;--> statement-breakpoint
-- Hand-written below (drizzle-kit cannot express triggers; when regenerating this migration, keep this part).
-- The audit log is append-only: no statement may change or remove a row.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
