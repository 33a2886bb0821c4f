/** The admin console: sign-in, then the screens the user's role allows. */
import "uplot/dist/uPlot.min.css";
import "./styles.css";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { User } from "./api";
import { BASE, linkHandler, navigate, useLocation } from "./router";
import { CatalogList } from "./screens/catalog-list";
import { ProductEditor } from "./screens/product-editor";
import { FlashBoard } from "./screens/flash-board";
import { OrderDetail } from "./screens/order-detail";
import { OrdersList } from "./screens/orders-list";
import { Reports } from "./screens/reports";
import { SignIn } from "./screens/sign-in";
import { CONSOLE_ROLES, screensFor, useSession } from "./session";
import { useStores } from "./stores";

function Shell({ user, signOut }: { user: User; signOut: () => void }) {
  const url = useLocation();
  const path = url.pathname.replace(/\/+$/, "");
  const screens = screensFor(user);
  const stores = useStores();
  const [menuOpen, setMenuOpen] = useState(false);
  const allowed = screens.find((s) => path === s.path || path.startsWith(`${s.path}/`));

  useEffect(() => {
    if (!allowed && screens[0]) navigate(screens[0].path, true);
    setMenuOpen(false);
    document.getElementById("page-title")?.focus();
  }, [path]);

  let page = null;
  const [, , section, id] = path.split("/");
  if (allowed && section === "flash") page = <FlashBoard user={user} />;
  else if (allowed && section === "orders") page = id ? <OrderDetail id={id} user={user} /> : <OrdersList user={user} />;
  else if (allowed && section === "catalog") page = id ? <ProductEditor id={id === "new" ? undefined : id} user={user} /> : <CatalogList user={user} />;
  else if (allowed && section === "reports") page = <Reports />;

  const storeName = user.store_id ? (stores.get(user.store_id)?.name ?? user.store_id) : undefined;
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <button class="menu-toggle" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <span class="brand">Edge Commerce admin</span>
        <span class="who" data-testid="who">
          {user.name} · {user.role}
          {storeName && <> · store {storeName}</>}
        </span>
        <button class="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav id="nav" class={menuOpen ? "open" : ""} aria-label="Screens">
        <ul>
          {screens.map((s) => (
            <li key={s.path}>
              <a href={s.path} aria-current={path === s.path || path.startsWith(`${s.path}/`) ? "page" : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main">{page}</main>
    </div>
  );
}

function App() {
  const { user, setUser, signOut } = useSession();
  const url = useLocation();
  if (user === undefined) return <p class="loading">Loading…</p>;
  if (!user || !CONSOLE_ROLES.includes(user.role)) {
    if (url.pathname !== `${BASE}/signin`) history.replaceState(null, "", `${BASE}/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
    return (
      <SignIn
        refused={user && !CONSOLE_ROLES.includes(user.role) ? user : undefined}
        onSignedIn={(u) => {
          setUser(u);
          const next = new URL(location.href).searchParams.get("next");
          navigate(next && next.startsWith(`${BASE}/`) && !next.startsWith(`${BASE}/signin`) ? next : `${BASE}/`, true);
        }}
      />
    );
  }
  return <Shell user={user} signOut={() => void signOut().then(() => navigate(`${BASE}/signin`))} />;
}

document.addEventListener("click", linkHandler);
const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<App />, root);
}
