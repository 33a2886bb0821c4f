ALTER TABLE `product_images` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `product_images` ADD `updated_by` text;