import { DEMO_PASSWORD } from "../../scripts/seed/users";

export interface Fetched {
  status: number;
  contentType: string;
  location: string | null;
  /** The whole body as the server sent it, byte for byte. */
  bytes: Uint8Array;
}

/**
 * A visitor without a browser: plain fetch with its own cookie jar, following no redirects, and
 * posting forms the way a browser does (same-site Origin), for sweeps over many pages.
 */
export class HttpVisitor {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  async get(path: string): Promise<Fetched> {
    return this.send(path, { method: "GET" });
  }

  async post(path: string, form: Record<string, string>): Promise<Fetched> {
    return this.send(path, {
      method: "POST",
      body: new URLSearchParams(form),
      headers: { Origin: new URL(this.baseUrl).origin },
    });
  }

  /** A JSON POST, as the flash-sale page's script sends one. */
  async postJson(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Fetched> {
    return this.send(path, {
      method: "POST",
      body: JSON.stringify(body),
      headers: {
        "Content-Type": "application/json",
        Origin: new URL(this.baseUrl).origin,
        ...headers,
      },
    });
  }

  /** Chooses the language through the /lang route, as the switcher's form does. */
  async setLanguage(lang: "zh" | "en"): Promise<void> {
    const res = await this.post("/lang", { lang, redirectTo: "/" });
    if (res.status !== 302 || !this.cookies.has("hl_lang"))
      throw new Error(`/lang answered ${res.status} without the language cookie`);
  }

  /** Signs a seeded demo account in through the sign-in form. */
  async signIn(email: string): Promise<void> {
    const res = await this.post("/account/sign-in", {
      email,
      password: DEMO_PASSWORD,
      redirectTo: "/account",
    });
    if (res.status !== 302) throw new Error(`sign-in as ${email} answered ${res.status}`);
  }

  private async send(path: string, init: RequestInit): Promise<Fetched> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: "manual" });
    for (const set of res.headers.getSetCookie()) {
      const [pair, ...attributes] = set.split(";");
      const at = pair!.indexOf("=");
      const [name, value] = [pair!.slice(0, at).trim(), pair!.slice(at + 1).trim()];
      const expired = attributes.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a),
      );
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: res.status,
      contentType: res.headers.get("Content-Type") ?? "",
      location: res.headers.get("Location"),
      bytes: new Uint8Array(await res.arrayBuffer()),
    };
  }
}
