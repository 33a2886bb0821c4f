// Demo catalog: 3 stores, a two-level category tree, 216 products with 2–6 variants each, IDR prices and
// placeholder images. Deterministic (fixed ids, a seeded PRNG, fixed timestamps) and idempotent (INSERT OR IGNORE),
// so running it twice changes nothing. Search, listing prices and the cache version follow by trigger.
//
// Used by `npm run seed` (scripts/seed.mjs), after migrations:
//   import { catalogSeedSql, writeCatalogSeedImages } from "./seed-catalog.mjs";
//   statements.push(...catalogSeedSql());                     // then `wrangler d1 execute DB --local --file ...`
//   const list = writeCatalogSeedImages(".wrangler/seed-images");
//   wrangler(["r2", "bulk", "put", "edge-commerce-media", "--local", "--filename", list, "--ct", "image/png"]);
// Standalone: `node scripts/seed-catalog.mjs > catalog.sql` prints the SQL.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";

/** SQL literal: numbers as numbers, text quoted. */
const q = (value) =>
  value === null || value === undefined ? "NULL" : typeof value === "number" ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
const slugify = (text) => text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");

/** Same ids and slugs as scripts/seed.mjs, so either script may run first. */
export const CATALOG_STORES = [
  { id: "store-batik-sekar", slug: "batik-sekar", name: "Batik Sekar", description: "Hand-stamped batik from Solo." },
  { id: "store-kopi-nusantara", slug: "kopi-nusantara", name: "Kopi Nusantara", description: "Single-origin coffee and gear." },
  { id: "store-gadget-kita", slug: "gadget-kita", name: "Gadget Kita", description: "Phones, audio and accessories." },
];

const APPAREL = { sizes: ["S", "M", "L", "XL", "XXL"], colors: ["Hitam", "Putih", "Navy", "Merah Marun", "Coklat", "Hijau Botol"] };
const COFFEE = { sizes: ["100g", "250g", "500g", "1kg"], colors: [null] };
const GEAR = { sizes: [null], colors: ["Hitam", "Putih", "Silver", "Biru", "Pink"] };

/** Root → children; each child lists its store, variant axes, base names, qualifiers and a price band (IDR). */
const TREE = [
  ["Fashion", [
    ["Batik Pria", "store-batik-sekar", APPAREL, ["Kemeja Batik Parang", "Kemeja Batik Kawung", "Kemeja Batik Mega Mendung", "Kemeja Batik Truntum"], ["Lengan Panjang", "Lengan Pendek", "Slim Fit"], [175_000, 450_000]],
    ["Batik Wanita", "store-batik-sekar", APPAREL, ["Blouse Batik Sekar Jagad", "Dress Batik Lasem", "Kebaya Batik Solo", "Outer Batik Sogan"], ["Katun Primisima", "Sutra", "Rayon"], [150_000, 650_000]],
    ["Kaos", "store-batik-sekar", APPAREL, ["Kaos Polos Combed 30s", "Kaos Motif Wayang", "Kaos Aksara Jawa", "Kaos Anak Batik"], ["Oversize", "Regular", "Lengan Panjang"], [59_000, 149_000]],
  ]],
  ["Makanan & Minuman", [
    ["Kopi Biji", "store-kopi-nusantara", COFFEE, ["Kopi Arabika Gayo", "Kopi Arabika Toraja", "Kopi Arabika Kintamani", "Kopi Robusta Lampung"], ["Roast Medium", "Roast Dark", "Natural Process"], [65_000, 320_000]],
    ["Kopi Bubuk", "store-kopi-nusantara", COFFEE, ["Kopi Bubuk Flores Bajawa", "Kopi Bubuk Java Preanger", "Kopi Bubuk Mandailing", "Kopi Luwak Bubuk"], ["Giling Halus", "Giling Sedang", "Tubruk"], [45_000, 275_000]],
    ["Teh", "store-kopi-nusantara", COFFEE, ["Teh Hijau Gunung Mas", "Teh Hitam Kayu Aro", "Teh Melati Tegal", "Teh Rempah Jahe Sereh"], ["Daun Kering", "Celup", "Premium"], [25_000, 120_000]],
  ]],
  ["Elektronik", [
    ["Audio", "store-gadget-kita", GEAR, ["Earbuds TWS Nada", "Headphone Bluetooth Irama", "Speaker Portabel Gema", "Soundbar Mini Ruang"], ["ANC", "Bass Boost", "Edisi 2026"], [199_000, 1_899_000]],
    ["Aksesoris Ponsel", "store-gadget-kita", GEAR, ["Powerbank 10000mAh Daya", "Charger GaN 65W Kilat", "Kabel USB-C Anyam", "Casing Ponsel Anti Gores"], ["Fast Charging", "Slim", "Premium"], [39_000, 499_000]],
    ["Perangkat Rumah", "store-gadget-kita", GEAR, ["Lampu Pintar WiFi Terang", "Smart Plug Colok", "Kamera CCTV Mini Jaga", "Router WiFi 6 Kencang"], ["Paket Hemat", "Pro", "Lite"], [89_000, 1_250_000]],
  ]],
];

/** mulberry32: a tiny seeded PRNG, so every run yields the same catalog. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACEHOLDER_COLORS = [[0xc0, 0x39, 0x2b], [0x27, 0xae, 0x60], [0x29, 0x80, 0xb9], [0x8e, 0x44, 0xad], [0xd3, 0x54, 0x00], [0x7f, 0x8c, 0x8d]];

/** A valid 8×8 solid-colour PNG. */
export function placeholderPng([r, g, b]) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(8, 0);
  header.writeUInt32BE(8, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.from([0, ...Array.from({ length: 8 }, () => [r, g, b]).flat()]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(Array(8).fill(row)))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const PLACEHOLDERS = PLACEHOLDER_COLORS.map(placeholderPng);
const EPOCH = Date.UTC(2026, 0, 1);

/** The whole demo catalog as plain data (rows keyed by column name). */
export function catalogSeedData({ currency = "IDR" } = {}) {
  const random = prng(20260101);
  const categories = [];
  const products = [];
  const variants = [];
  const images = [];
  TREE.forEach(([rootName, children], r) => {
    const rootId = `cat-${slugify(rootName)}`;
    categories.push({ id: rootId, parent_id: null, slug: slugify(rootName), name: rootName, position: r });
    children.forEach(([name, storeId, axes, bases, qualifiers, [low, high]], c) => {
      const categoryId = `cat-${slugify(name)}`;
      categories.push({ id: categoryId, parent_id: rootId, slug: slugify(name), name, position: c });
      for (const base of bases) {
        for (const [k, qualifier] of qualifiers.entries()) {
          for (const edition of ["", " Edisi Terbatas"]) {
            const n = products.length + 1;
            const id = `seed-product-${String(n).padStart(4, "0")}`;
            const productName = `${base} ${qualifier}${edition}`;
            const slug = slugify(productName);
            const basePrice = Math.round((low + random() * (high - low)) / 1000) * 1000;
            const store = CATALOG_STORES.find((s) => s.id === storeId);
            products.push({
              id,
              store_id: storeId,
              category_id: categoryId,
              slug,
              name: productName,
              description: `${productName} dari ${store.name}. ${name} pilihan, dikirim dari Indonesia. Garansi tukar 7 hari.`,
              base_price: basePrice,
              currency,
              created_at: EPOCH + n * 3_600_000,
            });
            const count = 2 + Math.floor(random() * 5); // 2–6
            // Colour-major, so a product's variants are mostly one colour in several sizes.
            const combos = axes.colors.flatMap((color) => axes.sizes.map((size) => [size, color]));
            const start = Math.floor(random() * combos.length);
            for (let v = 0; v < Math.min(count, combos.length); v++) {
              const [size, color] = combos[(start + v) % combos.length];
              const stock = random() < 0.15 ? 0 : Math.floor(random() * 60);
              const bump = size && /^(XXL|1kg|500g)$/.test(size) ? Math.round(basePrice * 0.15 / 1000) * 1000 : 0;
              variants.push({
                id: `${id}-v${v + 1}`,
                product_id: id,
                sku: `${storeId.split("-")[1].toUpperCase()}-${String(n).padStart(4, "0")}-${v + 1}`,
                size,
                color,
                price: bump ? basePrice + bump : null,
                on_hand: stock,
                reserved: 0,
                available: stock,
              });
            }
            const placeholder = (n + k) % PLACEHOLDERS.length;
            images.push({
              id: `${id}-img1`,
              product_id: id,
              key: `seed-${slug}.png`,
              content_type: "image/png",
              size: PLACEHOLDERS[placeholder].length,
              alt_text: productName,
              position: 0,
              is_primary: 1,
              placeholder,
            });
          }
        }
      }
    });
  });
  return { stores: CATALOG_STORES, categories, products, variants, images };
}

const insert = (table, row) =>
  `INSERT OR IGNORE INTO ${table} (${Object.keys(row).join(", ")}) VALUES (${Object.values(row).map(q).join(", ")});`;

/** Idempotent SQL statements for the demo catalog (stores first, then the tree, products, variants, images). */
export function catalogSeedSql(options) {
  const data = catalogSeedData(options);
  return [
    ...data.stores.map((s) => insert("stores", s)),
    ...data.categories.filter((c) => !c.parent_id).map((c) => insert("categories", c)),
    ...data.categories.filter((c) => c.parent_id).map((c) => insert("categories", c)),
    ...data.products.map((p) => insert("products", { ...p, updated_at: p.created_at })),
    ...data.variants.map((v) => insert("product_variants", v)),
    ...data.images.map(({ placeholder, ...i }) => insert("product_images", i)),
  ];
}

/**
 * Writes each seeded image's bytes (one of a few shared placeholder PNGs) under `dir`, plus the
 * key/file list `wrangler r2 bulk put --filename` takes; returns that list's path.
 */
export function writeCatalogSeedImages(dir) {
  mkdirSync(dir, { recursive: true });
  const files = PLACEHOLDERS.map((bytes, i) => {
    const file = join(dir, `placeholder-${i}.png`);
    writeFileSync(file, bytes);
    return file;
  });
  const list = catalogSeedData().images.map((img) => ({ key: img.key, file: files[img.placeholder] }));
  const listPath = join(dir, "r2-bulk.json");
  writeFileSync(listPath, JSON.stringify(list, null, 2));
  return listPath;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(catalogSeedSql().join("\n") + "\n");
