// Domain boundaries (docs/ARCHITECTURE.md, "Boundaries"): every import in src/ is read with the
// TypeScript parser, and the check fails when
//   - a domain imports a table (from src/db/schema.ts) that another domain owns (TABLE_OWNERS below),
//   - a domain imports another domain's routes (`routes.ts`, `*-routes.ts`, `*.routes.ts`, `*.handlers.ts`, `*.router.ts`),
//   - the domains' import graph has a cycle (type-only imports count: they tie the code together just the same),
//   - or an entry of KNOWN_DEBT is no longer needed (so the list only shrinks).
// `app.ts` and `index.ts` compose the Worker and may import anything; `lib/` and `db/` are shared by all and import
// no domain. Run: `npm run lint:boundaries` (part of `npm run lint`).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import ts from "typescript";

const ROOT = join(dirname(new URL(import.meta.url).pathname), "..");
const SRC = join(ROOT, "src");

/** Which domain owns each table of src/db/schema.ts: the only domain that may import it. */
const TABLE_OWNERS = {
  users: ["users"],
  auth: ["refreshTokens", "otpCodes", "passwordResetTokens"],
  stores: ["stores"],
  catalog: ["categories", "products", "productVariants", "categoryAncestors", "productListing", "productImages", "catalogVersion"],
  inventory: ["stockDigests"],
  cart: ["carts", "cartItems"],
  discounts: ["discounts", "discountRedemptions"],
  orders: ["orders", "orderItems", "orderEvents", "invoices"],
  payments: ["payments", "paymentEvents", "refunds", "webhookEvents"],
  notifications: ["outbox", "emailIntents", "deadLetters"],
  reports: ["reportExports"],
  audit: ["auditLog"],
  lib: ["idempotencyKeys"],
};

/**
 * Crossings that remain on purpose, each with its reason. The check fails on any crossing not listed here and on
 * any entry that no longer occurs.
 */
const KNOWN_DEBT = {
  tables: {},
  /** Domain pairs whose import cycle remains, as "a<->b" with a < b. */
  cycles: [],
};

const SHARED = new Set(["lib", "db"]);
const COMPOSITION = new Set(["app.ts", "index.ts"]);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** `src/<domain>/...` → domain; `src/env.ts` → "env"; composition files → undefined. */
function domainOf(file) {
  const rel = relative(SRC, file).split("/");
  if (rel.length === 1) return COMPOSITION.has(rel[0]) ? undefined : rel[0].replace(/\.ts$/, "");
  return rel[0];
}

function resolve(from, spec) {
  if (!spec.startsWith(".")) return undefined;
  const base = normalize(join(dirname(from), spec)).replace(/\.ts$/, "");
  for (const candidate of [`${base}.ts`, join(base, "index.ts")]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** Each relative import (and re-export) of a file: target and the names it brings. */
function importsOf(file) {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const found = [];
  for (const node of source.statements) {
    if (!(ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) || !node.moduleSpecifier) continue;
    const target = resolve(file, node.moduleSpecifier.text);
    if (!target) continue;
    const names = [];
    const bindings = ts.isImportDeclaration(node) ? node.importClause?.namedBindings : node.exportClause;
    if (bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings))) {
      for (const el of bindings.elements) names.push((el.propertyName ?? el.name).text);
    } else names.push("*");
    found.push({ target, names });
  }
  return found;
}

const problems = [];
const rel = (f) => relative(ROOT, f);
const owner = new Map(Object.entries(TABLE_OWNERS).flatMap(([domain, tables]) => tables.map((t) => [t, domain])));
const schema = join(SRC, "db", "schema.ts");
const usedDebt = new Set();
const edges = new Map();

for (const file of walk(SRC)) {
  const from = domainOf(file);
  if (!from) continue;
  for (const { target, names } of importsOf(file)) {
    const to = domainOf(target);
    if (!to) {
      problems.push(`${rel(file)} imports the composition root ${rel(target)}`);
      continue;
    }
    if (target === schema) {
      for (const name of names) {
        const tableOwner = owner.get(name);
        if (name === "*" && from !== "db") problems.push(`${rel(file)} imports the whole schema`);
        if (!tableOwner || tableOwner === from) continue;
        const allowed = KNOWN_DEBT.tables[rel(file)];
        if (allowed?.includes(name)) usedDebt.add(`${rel(file)}:${name}`);
        else problems.push(`${rel(file)} imports ${name}, a table of ${tableOwner}: use a ${tableOwner} module`);
      }
    }
    if (to === from || to === "db") continue;
    if (/(^|[-/])routes\.ts$|\.(routes|handlers|router)\.ts$/.test(target)) {
      problems.push(`${rel(file)} imports ${rel(target)}: another domain's routes`);
    }
    if (SHARED.has(from) && !SHARED.has(to) && to !== "env") {
      problems.push(`${rel(file)} (shared) imports the ${to} domain`);
    }
    if (!edges.has(from)) edges.set(from, new Map());
    const byTarget = edges.get(from);
    if (!byTarget.has(to)) byTarget.set(to, `${rel(file)} → ${rel(target)}`);
  }
}

// Cycles: strongly connected components of the domain graph (Tarjan).
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
let counter = 0;
const components = [];
function connect(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!index.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component.sort());
  }
}
for (const v of edges.keys()) if (!index.has(v)) connect(v);

const usedCycles = new Set();
for (const component of components) {
  const pairs = [];
  for (const a of component) {
    for (const b of component) {
      if (a < b && edges.get(a)?.has(b) && edges.get(b)?.has(a)) pairs.push(`${a}<->${b}`);
    }
  }
  const unexplained = pairs.filter((p) => !KNOWN_DEBT.cycles.includes(p));
  pairs.filter((p) => KNOWN_DEBT.cycles.includes(p)).forEach((p) => usedCycles.add(p));
  // A longer cycle (a → b → c → a) has no mutual pair: report it whole.
  if (unexplained.length > 0 || pairs.length === 0) {
    const path = component.map((d) => `  ${d} → ${[...edges.get(d).keys()].filter((t) => component.includes(t)).map((t) => `${t} (${edges.get(d).get(t)})`).join(", ")}`);
    problems.push(`import cycle between ${component.join(", ")}${unexplained.length ? ` (${unexplained.join(", ")})` : ""}:\n${path.join("\n")}`);
  }
}

for (const [file, tables] of Object.entries(KNOWN_DEBT.tables)) {
  for (const t of tables) if (!usedDebt.has(`${file}:${t}`)) problems.push(`KNOWN_DEBT lists ${file}:${t}, which no longer occurs: remove it`);
}
for (const pair of KNOWN_DEBT.cycles) if (!usedCycles.has(pair)) problems.push(`KNOWN_DEBT lists the cycle ${pair}, which no longer occurs: remove it`);

if (problems.length > 0) {
  console.error(`Boundary check: ${problems.length} problem(s)\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log(`Boundary check: ${edges.size} domains, no cycles beyond ${KNOWN_DEBT.cycles.length} known, no foreign tables or routes`);
