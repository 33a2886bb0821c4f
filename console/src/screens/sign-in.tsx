/** Email and password sign-in in cookie mode: the tokens become HttpOnly cookies, never page data. */
import { useState } from "preact/hooks";
import { call, COOKIE_MODE, shop, type User } from "../api";
import { ErrorBox, useAction } from "../ui";

export function SignIn({ onSignedIn, refused }: { onSignedIn: (user: User) => void; refused?: User }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, run } = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const session = await run(() => call(() => shop.POST("/api/v1/auth/login", { headers: COOKIE_MODE, body: { email, password } })));
    if (session) onSignedIn(session.user);
  };
  return (
    <main class="signin">
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to the admin console</h1>
        {refused && (
          <div class="error" role="alert">
            {refused.email} is a {refused.role} account: the console is for admins, staff and sellers.
          </div>
        )}
        <label>
          Email
          <input type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <ErrorBox error={error} />
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
