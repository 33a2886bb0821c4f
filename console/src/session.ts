/** Who is signed in (GET /auth/me through the cookie), and which screens each role may use. */
import { useEffect, useState } from "preact/hooks";
import { call, COOKIE_MODE, shop, type Role, type User } from "./api";

export const CONSOLE_ROLES: Role[] = ["admin", "staff", "seller"];

export interface Screen {
  path: string;
  label: string;
  roles: Role[];
}

/** Reports are admin and staff only in the API (sellers get 403), so sellers do not see the link. */
export const SCREENS: Screen[] = [
  { path: "/admin/flash", label: "Flash sale", roles: ["admin", "staff", "seller"] },
  { path: "/admin/orders", label: "Orders", roles: ["admin", "staff", "seller"] },
  { path: "/admin/catalog", label: "Catalog", roles: ["admin", "staff", "seller"] },
  { path: "/admin/reports", label: "Reports", roles: ["admin", "staff"] },
];

export const screensFor = (user: User) => SCREENS.filter((s) => s.roles.includes(user.role));

export function useSession() {
  const [user, setUser] = useState<User | null>();
  useEffect(() => {
    call(() => shop.GET("/api/v1/auth/me"))
      .then(setUser)
      .catch(() => setUser(null));
  }, []);
  const signOut = async () => {
    await shop.POST("/api/v1/auth/logout", { headers: COOKIE_MODE, body: {} }).catch(() => undefined);
    setUser(null);
  };
  return { user, setUser, signOut };
}
