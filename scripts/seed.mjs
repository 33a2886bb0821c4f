// Seeds the local D1 database idempotently: the admin account (ADMIN_EMAIL / ADMIN_PASSWORD from the
// environment or .dev.vars), demo staff and sellers, and the demo stores. Safe to run again.
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { devVars, q, wrangler } from "./lib.mjs";

export const DEFAULT_ADMIN_EMAIL = "admin@example.com";
export const DEFAULT_ADMIN_PASSWORD = "change-me-admin-2026";
export const DEMO_PASSWORD = "demo-password-2026";

/** Same format as src/auth/password.ts, so seeded accounts log in through the API. */
function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, 100_000, 32, "sha256");
  return `pbkdf2_sha256$100000$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

export const DEMO_STORES = [
  { id: "store-batik-sekar", slug: "batik-sekar", name: "Batik Sekar", description: "Hand-stamped batik from Solo." },
  { id: "store-kopi-nusantara", slug: "kopi-nusantara", name: "Kopi Nusantara", description: "Single-origin coffee and gear." },
  { id: "store-gadget-kita", slug: "gadget-kita", name: "Gadget Kita", description: "Phones, audio and accessories." },
];

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

export function seed() {
  const vars = devVars();
  const adminEmail = (vars.ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL).toLowerCase();
  const adminPassword = vars.ADMIN_PASSWORD || DEFAULT_ADMIN_PASSWORD;
  const statements = [...storesSql(), ...accountsSql(adminEmail, adminPassword)];
  mkdirSync(".wrangler", { recursive: true });
  writeFileSync(".wrangler/seed.sql", statements.join("\n") + "\n");
  wrangler(["d1", "execute", "DB", "--local", "--file", ".wrangler/seed.sql"]);
  console.log(`Seeded ${DEMO_STORES.length} stores; admin ${adminEmail}`);
}

if (import.meta.url === `file://${process.argv[1]}`) seed();
