-- Custom migration (drizzle-kit cannot express virtual tables or triggers).
-- 1. products_fts: FTS5 index over products(name, description), external content, kept in sync by triggers,
--    so every write path (API, seed SQL, console) updates it. It is derived data: rebuild it at any time with
--    INSERT INTO products_fts(products_fts) VALUES('rebuild');
-- 2. products.price: the listing ("from") price, the lowest live variant price or else base_price, kept by triggers
--    so filters and ordering by price use an index instead of aggregating variants per query.
-- 3. catalog_version: a random token replaced on every catalog write; public reads key the edge cache by it.
CREATE VIRTUAL TABLE products_fts USING fts5(
  name, description,
  content='products', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO products_fts(products_fts) VALUES('rebuild');
--> statement-breakpoint
CREATE TRIGGER products_fts_after_insert AFTER INSERT ON products BEGIN
  INSERT INTO products_fts(rowid, name, description) VALUES (new.rowid, new.name, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER products_fts_after_delete AFTER DELETE ON products BEGIN
  INSERT INTO products_fts(products_fts, rowid, name, description) VALUES ('delete', old.rowid, old.name, old.description);
END;
--> statement-breakpoint
CREATE TRIGGER products_fts_after_update AFTER UPDATE OF name, description ON products BEGIN
  INSERT INTO products_fts(products_fts, rowid, name, description) VALUES ('delete', old.rowid, old.name, old.description);
  INSERT INTO products_fts(rowid, name, description) VALUES (new.rowid, new.name, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER products_price_after_insert AFTER INSERT ON products BEGIN
  UPDATE products SET price = COALESCE(
    (SELECT MIN(COALESCE(v.price, products.base_price)) FROM product_variants v WHERE v.product_id = products.id AND v.deleted_at IS NULL),
    products.base_price)
  WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER products_price_after_base_price AFTER UPDATE OF base_price ON products BEGIN
  UPDATE products SET price = COALESCE(
    (SELECT MIN(COALESCE(v.price, products.base_price)) FROM product_variants v WHERE v.product_id = products.id AND v.deleted_at IS NULL),
    products.base_price)
  WHERE id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER products_price_after_variant_insert AFTER INSERT ON product_variants BEGIN
  UPDATE products SET price = COALESCE(
    (SELECT MIN(COALESCE(v.price, products.base_price)) FROM product_variants v WHERE v.product_id = products.id AND v.deleted_at IS NULL),
    products.base_price)
  WHERE id = new.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER products_price_after_variant_update AFTER UPDATE OF price, deleted_at ON product_variants BEGIN
  UPDATE products SET price = COALESCE(
    (SELECT MIN(COALESCE(v.price, products.base_price)) FROM product_variants v WHERE v.product_id = products.id AND v.deleted_at IS NULL),
    products.base_price)
  WHERE id = new.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER products_price_after_variant_delete AFTER DELETE ON product_variants BEGIN
  UPDATE products SET price = COALESCE(
    (SELECT MIN(COALESCE(v.price, products.base_price)) FROM product_variants v WHERE v.product_id = products.id AND v.deleted_at IS NULL),
    products.base_price)
  WHERE id = old.product_id;
END;
--> statement-breakpoint
UPDATE products SET price = COALESCE((SELECT MIN(COALESCE(v.price, products.base_price)) FROM product_variants v WHERE v.product_id = products.id AND v.deleted_at IS NULL), products.base_price);
--> statement-breakpoint
INSERT OR IGNORE INTO catalog_version (id, version) VALUES (1, lower(hex(randomblob(8))));
--> statement-breakpoint
CREATE TRIGGER stores_catalog_version_after_insert AFTER INSERT ON stores BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER stores_catalog_version_after_update AFTER UPDATE ON stores BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER stores_catalog_version_after_delete AFTER DELETE ON stores BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER categories_catalog_version_after_insert AFTER INSERT ON categories BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER categories_catalog_version_after_update AFTER UPDATE ON categories BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER categories_catalog_version_after_delete AFTER DELETE ON categories BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER products_catalog_version_after_insert AFTER INSERT ON products BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER products_catalog_version_after_update AFTER UPDATE ON products BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER products_catalog_version_after_delete AFTER DELETE ON products BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER product_variants_catalog_version_after_insert AFTER INSERT ON product_variants BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER product_variants_catalog_version_after_update AFTER UPDATE ON product_variants BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER product_variants_catalog_version_after_delete AFTER DELETE ON product_variants BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER product_images_catalog_version_after_insert AFTER INSERT ON product_images BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER product_images_catalog_version_after_update AFTER UPDATE ON product_images BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER product_images_catalog_version_after_delete AFTER DELETE ON product_images BEGIN
  UPDATE catalog_version SET version = lower(hex(randomblob(8))) WHERE id = 1;
END;
