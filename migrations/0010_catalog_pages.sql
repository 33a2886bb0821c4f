CREATE TABLE `category_ancestors` (
	`ancestor_id` text NOT NULL,
	`category_id` text NOT NULL,
	`depth` integer NOT NULL,
	PRIMARY KEY(`ancestor_id`, `category_id`)
);
--> statement-breakpoint
CREATE INDEX `category_ancestors_category_idx` ON `category_ancestors` (`category_id`);--> statement-breakpoint
CREATE TABLE `product_listing` (
	`category_id` text NOT NULL,
	`product_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`price` integer NOT NULL,
	PRIMARY KEY(`category_id`, `product_id`)
);
--> statement-breakpoint
CREATE INDEX `product_listing_created_idx` ON `product_listing` (`category_id`,`created_at`,`product_id`);--> statement-breakpoint
CREATE INDEX `product_listing_price_idx` ON `product_listing` (`category_id`,`price`,`product_id`);--> statement-breakpoint
CREATE INDEX `product_listing_product_idx` ON `product_listing` (`product_id`);--> statement-breakpoint
DROP INDEX `products_store_idx`;--> statement-breakpoint
DROP INDEX `products_live_created_idx`;--> statement-breakpoint
DROP INDEX `products_live_price_idx`;--> statement-breakpoint
CREATE INDEX `products_store_created_idx` ON `products` (`store_id`,`is_active`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `products_store_price_idx` ON `products` (`store_id`,`is_active`,`deleted_at`,`price`,`id`);--> statement-breakpoint
CREATE INDEX `products_live_created_idx` ON `products` (`is_active`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `products_live_price_idx` ON `products` (`is_active`,`deleted_at`,`price`,`id`);--> statement-breakpoint
DROP INDEX `orders_status_created_idx`;--> statement-breakpoint
CREATE INDEX `orders_total_id_idx` ON `orders` (`total`,`id`);--> statement-breakpoint
CREATE INDEX `orders_status_created_idx` ON `orders` (`status`,`created_at`,`id`);--> statement-breakpoint
DROP INDEX `payments_status_created_idx`;--> statement-breakpoint
DROP INDEX `payments_provider_created_idx`;--> statement-breakpoint
DROP INDEX `payments_created_idx`;--> statement-breakpoint
CREATE INDEX `payments_status_created_idx` ON `payments` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `payments_provider_created_idx` ON `payments` (`provider`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `payments_created_idx` ON `payments` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `product_variants_available_sku_idx` ON `product_variants` (`available`,`sku`);--> statement-breakpoint
-- Hand-written below (drizzle-kit cannot express triggers; when regenerating this migration, keep this part).
-- 1. Stock is not catalog: the read-model columns a StockObject writes (on_hand, reserved, available,
--    stock_version) no longer bump catalog_version, so a sale does not throw the catalog cache away.
DROP TRIGGER product_variants_catalog_version_after_update;
--> statement-breakpoint
CREATE TRIGGER product_variants_catalog_version_after_update AFTER UPDATE OF product_id, sku, size, color, price, deleted_at ON product_variants BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
-- 2. category_ancestors: the closure of the category tree. Non-recursive statements only (SQLite allows no CTE
--    inside a trigger): a new category copies its parent's ancestors; a move detaches the subtree from its old
--    ancestors and attaches it under the new parent's.
CREATE TRIGGER categories_ancestors_after_insert AFTER INSERT ON categories BEGIN
  INSERT INTO category_ancestors (ancestor_id, category_id, depth) VALUES (new.id, new.id, 0);
  INSERT INTO category_ancestors (ancestor_id, category_id, depth)
    SELECT ancestor_id, new.id, depth + 1 FROM category_ancestors WHERE category_id = new.parent_id;
END;
--> statement-breakpoint
CREATE TRIGGER categories_ancestors_after_move AFTER UPDATE OF parent_id ON categories WHEN old.parent_id IS NOT new.parent_id BEGIN
  DELETE FROM category_ancestors
    WHERE category_id IN (SELECT category_id FROM category_ancestors WHERE ancestor_id = new.id)
      AND ancestor_id NOT IN (SELECT category_id FROM category_ancestors WHERE ancestor_id = new.id);
  INSERT INTO category_ancestors (ancestor_id, category_id, depth)
    SELECT up.ancestor_id, down.category_id, up.depth + down.depth + 1
    FROM category_ancestors up, category_ancestors down
    WHERE up.category_id = new.parent_id AND down.ancestor_id = new.id;
  DELETE FROM product_listing WHERE product_id IN (
    SELECT p.id FROM products p WHERE p.category_id IN (SELECT category_id FROM category_ancestors WHERE ancestor_id = new.id));
  INSERT OR REPLACE INTO product_listing (category_id, product_id, created_at, price)
    SELECT a.ancestor_id, p.id, p.created_at, p.price
    FROM products p JOIN category_ancestors a ON a.category_id = p.category_id
    WHERE p.category_id IN (SELECT category_id FROM category_ancestors WHERE ancestor_id = new.id)
      AND p.is_active = 1 AND p.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER categories_ancestors_after_delete AFTER DELETE ON categories BEGIN
  DELETE FROM category_ancestors WHERE category_id = old.id OR ancestor_id = old.id;
END;
--> statement-breakpoint
-- 3. product_listing: a live product under its category and every ancestor. Rows are rebuilt from the products
--    row as it is now (not NEW), so the order in which this and the listing-price triggers fire does not matter.
CREATE TRIGGER products_listing_after_insert AFTER INSERT ON products BEGIN
  INSERT OR REPLACE INTO product_listing (category_id, product_id, created_at, price)
    SELECT a.ancestor_id, p.id, p.created_at, p.price
    FROM products p JOIN category_ancestors a ON a.category_id = p.category_id
    WHERE p.id = new.id AND p.is_active = 1 AND p.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER products_listing_after_update AFTER UPDATE OF category_id, is_active, deleted_at, price, created_at ON products BEGIN
  DELETE FROM product_listing WHERE product_id = new.id;
  INSERT OR REPLACE INTO product_listing (category_id, product_id, created_at, price)
    SELECT a.ancestor_id, p.id, p.created_at, p.price
    FROM products p JOIN category_ancestors a ON a.category_id = p.category_id
    WHERE p.id = new.id AND p.is_active = 1 AND p.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER products_listing_after_delete AFTER DELETE ON products BEGIN
  DELETE FROM product_listing WHERE product_id = old.id;
END;
--> statement-breakpoint
INSERT INTO category_ancestors (ancestor_id, category_id, depth)
  WITH RECURSIVE up(ancestor_id, category_id, depth) AS (
    SELECT id, id, 0 FROM categories
    UNION ALL SELECT c.parent_id, up.category_id, up.depth + 1 FROM up JOIN categories c ON c.id = up.ancestor_id WHERE c.parent_id IS NOT NULL
  )
  SELECT ancestor_id, category_id, depth FROM up;
--> statement-breakpoint
INSERT INTO product_listing (category_id, product_id, created_at, price)
  SELECT a.ancestor_id, p.id, p.created_at, p.price
  FROM products p JOIN category_ancestors a ON a.category_id = p.category_id
  WHERE p.is_active = 1 AND p.deleted_at IS NULL;
