CREATE TABLE `catalog_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `products` ADD `price` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `products_live_created_idx` ON `products` (`is_active`,`deleted_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `products_live_price_idx` ON `products` (`is_active`,`deleted_at`,`price`);