import { useState } from "preact/hooks";
import { ApiError, api, setCsrfToken } from "./api.js";
import { html, translate } from "./ui.js";

/** The staff login (the same accounts and session as the staff API). */
export function Login({ lang, onLoggedIn, languagePicker }) {
  const t = (key, vars) => translate(lang, key, vars);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api("/api/v1/auth/login", { method: "POST", body: { email, password } });
      setCsrfToken(result.csrfToken);
      onLoggedIn(result.user);
    } catch (caught) {
      const code = caught instanceof ApiError ? caught.code : "network";
      setError(code === "invalid_credentials" ? t("loginWrong") : code === "too_many_attempts" ? t("loginThrottled") : t("networkError"));
    } finally {
      setBusy(false);
    }
  }

  return html`
    <main class="login">
      <form class="login-card" onSubmit=${submit} data-login>
        <h1>${t("title")}</h1>
        <p class="muted">${t("loginIntro")}</p>
        <label>${t("email")}<input type="email" autocomplete="username" required value=${email} onInput=${(e) => setEmail(e.currentTarget.value)} name="email" /></label>
        <label>${t("password")}<input type="password" autocomplete="current-password" required value=${password} onInput=${(e) => setPassword(e.currentTarget.value)} name="password" /></label>
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <button type="submit" class="primary" disabled=${busy}>${t("login")}</button>
        ${languagePicker}
      </form>
    </main>
  `;
}
