CREATE TABLE `catalog_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` text NOT NULL
);
--> statement-breakpoint
DROP INDEX `products_store_idx`;--> statement-breakpoint
DROP INDEX `products_category_idx`;--> statement-breakpoint
ALTER TABLE `products` ADD `price` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `products_live_created_idx` ON `products` (`is_active`,`deleted_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `products_live_price_idx` ON `products` (`is_active`,`deleted_at`,`price`);--> statement-breakpoint
CREATE INDEX `products_store_idx` ON `products` (`store_id`,`is_active`,`deleted_at`);--> statement-breakpoint
CREATE INDEX `products_category_idx` ON `products` (`category_id`,`is_active`,`deleted_at`);