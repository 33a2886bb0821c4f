ALTER TABLE `orders` ADD `buyer_key` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `client_key` text;--> statement-breakpoint
CREATE INDEX `orders_buyer_unpaid_idx` ON `orders` (`buyer_key`,`status`,`reservation_expires_at`);--> statement-breakpoint
CREATE INDEX `orders_client_unpaid_idx` ON `orders` (`client_key`,`status`,`reservation_expires_at`);--> statement-breakpoint
ALTER TABLE `product_variants` ADD `hold_seconds` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `pending_phone` text;