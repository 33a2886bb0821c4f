// Seeds the local D1 database idempotently: the admin account (ADMIN_EMAIL / ADMIN_PASSWORD from the
// environment or .dev.vars), demo staff and sellers, the demo stores and the demo catalog with its
// placeholder images in the local R2 bucket. Safe to run again.
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { devVars, q, wrangler } from "./lib.mjs";
import { CATALOG_STORES as DEMO_STORES, catalogSeedData, catalogSeedSql, writeCatalogSeedImages } from "./seed-catalog.mjs";

export const DEFAULT_ADMIN_EMAIL = "admin@example.com";
export const DEFAULT_ADMIN_PASSWORD = "change-me-admin-2026";
export const DEMO_PASSWORD = "demo-password-2026";

/** Same format as src/auth/password.ts, so seeded accounts log in through the API. */
export function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, 100_000, 32, "sha256");
  return `pbkdf2_sha256$100000$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

function accountsSql(adminEmail, adminPassword) {
  const users = [
    { id: "user-admin", email: adminEmail, name: "Shop Admin", role: "admin", store: null, password: adminPassword },
    { id: "user-staff", email: "staff@example.com", name: "Demo Staff", role: "staff", store: null, password: DEMO_PASSWORD },
    { id: "user-customer", email: "customer@example.com", name: "Demo Customer", role: "customer", store: null, password: DEMO_PASSWORD },
    ...DEMO_STORES.map((s) => ({
      id: `user-seller-${s.slug}`,
      email: `seller-${s.slug}@example.com`,
      name: `${s.name} Seller`,
      role: "seller",
      store: s.id,
      password: DEMO_PASSWORD,
    })),
  ];
  // The admin's password follows the environment on every run; demo accounts keep theirs.
  return users.map(
    (u) =>
      `INSERT INTO users (id, email, name, role, store_id, password_hash) VALUES (${q(u.id)}, ${q(u.email)}, ${q(u.name)}, ${q(u.role)}, ${q(u.store)}, ${q(hashPassword(u.password))})` +
      (u.role === "admin" ? ` ON CONFLICT(id) DO UPDATE SET email = excluded.email, password_hash = excluded.password_hash;` : ` ON CONFLICT DO NOTHING;`),
  );
}

function storesSql() {
  return DEMO_STORES.map(
    (s) =>
      `INSERT INTO stores (id, slug, name, description) VALUES (${q(s.id)}, ${q(s.slug)}, ${q(s.name)}, ${q(s.description)}) ON CONFLICT DO NOTHING;`,
  );
}

/** Seeds and returns one summary line (counts of what the seed defines; existing rows are kept). */
export function seed() {
  const vars = devVars();
  const adminEmail = (vars.ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL).toLowerCase();
  const adminPassword = vars.ADMIN_PASSWORD || DEFAULT_ADMIN_PASSWORD;
  const accounts = accountsSql(adminEmail, adminPassword);
  const statements = [...storesSql(), ...accounts, ...catalogSeedSql()];
  mkdirSync(".wrangler", { recursive: true });
  writeFileSync(".wrangler/seed.sql", statements.join("\n") + "\n");
  wrangler(["d1", "execute", "DB", "--local", "--file", ".wrangler/seed.sql"]);
  const images = writeCatalogSeedImages(".wrangler/seed-images");
  wrangler(["r2", "bulk", "put", "edge-commerce-media", "--local", "--filename", images, "--ct", "image/png"]);
  const c = catalogSeedData();
  return (
    `${DEMO_STORES.length} stores, ${accounts.length} accounts (admin ${adminEmail}), ${c.categories.length} categories, ` +
    `${c.products.length} products, ${c.variants.length} variants, ${c.images.length} images`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(`Seeded ${seed()}`);
