import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { clientIp } from "~/auth/client-ip";
import { retryAfterHeaders } from "~/auth/route-meta";
import { hitRateLimit, rateLimitKey } from "~/lib/rate-limit.server";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useI18n } from "~/lib/use-i18n";
import { emailSchema, mobileSchema } from "~/orders/address";
import { grantOrderAccess } from "~/orders/order-access.server";
import { orderTranslator } from "~/orders/order-messages";
import { findOrderByCodeAndContact } from "~/orders/shopper-orders.server";
import checkoutStyles from "~/styles/checkout.css";
import { readFormObject } from "~/lib/read-form.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: checkoutStyles }];

/** Guessing a contact for a known code (or codes for a contact) is slow work at these rates. */
export const LOOKUP_LIMITS = {
  perCode: { limit: 10, windowMs: 15 * 60 * 1000 },
  perIp: { limit: 30, windowMs: 15 * 60 * 1000 },
} as const;

const lookupSchema = z.object({
  // Codes are printed in capitals and read aloud in groups; spaces and dashes mean nothing.
  code: z
    .string()
    .max(40)
    .transform((s) => s.replace(/[\s-]+/g, "").toUpperCase())
    .refine((s) => /^[0-9A-Z]{4,20}$/.test(s)),
  contact: z
    .string()
    .trim()
    .max(254)
    .transform((s, ctx) => {
      const parsed = s.includes("@") ? emailSchema.safeParse(s) : mobileSchema.safeParse(s);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: "contact" });
        return z.NEVER;
      }
      return s.includes("@") ? { email: parsed.data } : { mobile: parsed.data };
    }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  return { locale: await getLocale(request) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormObject(request);
  const input = {
    code: String(form.code ?? "").slice(0, 40),
    contact: String(form.contact ?? "").slice(0, 254),
  };
  const parsed = lookupSchema.safeParse(input);
  if (!parsed.success)
    return data({ error: "invalid" as const, input, retryAfterSeconds: 0 }, { status: 422 });

  const { code, contact } = parsed.data;
  const ip = clientIp(context);
  const checks = [
    hitRateLimit({ key: rateLimitKey("order-lookup:code", code), ...LOOKUP_LIMITS.perCode }),
  ];
  // Without a known address (never the case behind server.ts) a shared bucket would lock everyone out.
  if (ip !== "unknown")
    checks.push(hitRateLimit({ key: rateLimitKey("order-lookup:ip", ip), ...LOOKUP_LIMITS.perIp }));
  const over = (await Promise.all(checks)).filter((r) => !r.allowed);
  if (over.length > 0) {
    const retryAfterSeconds = Math.max(...over.map((r) => r.retryAfterSeconds));
    return data(
      { error: "rate_limited" as const, input, retryAfterSeconds },
      { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
    );
  }

  const found = await findOrderByCodeAndContact({ code, ...contact });
  if (!found)
    return data({ error: "no_match" as const, input, retryAfterSeconds: 0 }, { status: 404 });
  return redirect(`/orders/${found.id}`, {
    headers: { "Set-Cookie": await grantOrderAccess(request, found.id) },
  });
}

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  const locale = d?.locale ?? "zh";
  return [
    { title: `${orderTranslator(locale)("lookup.title")} | ${translator(locale)("site.name")}` },
    { name: "robots", content: "noindex" },
  ];
};

export default function OrderLookupPage() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { locale } = useI18n();
  const t = orderTranslator(locale);
  const message = !result
    ? null
    : result.error === "rate_limited"
      ? t("lookup.rateLimited", { minutes: Math.max(1, Math.ceil(result.retryAfterSeconds / 60)) })
      : result.error === "invalid"
        ? t("lookup.invalid")
        : t("lookup.noMatch");
  return (
    <main id="main" className="container order-lookup">
      <section className="order-card order-lookup__card">
        <h1>{t("lookup.title")}</h1>
        <p className="order-muted">{t("lookup.intro")}</p>
        {message ? (
          <p id="lookup-error" role="alert" className="notice notice--error">
            {message}
          </p>
        ) : null}
        <Form
          method="post"
          className="checkout-fields"
          noValidate
          key={result ? JSON.stringify(result.input) : "blank"}
        >
          <div className="field">
            <label htmlFor="lookup-code" className="field__label">
              {t("lookup.code")}
            </label>
            <input
              id="lookup-code"
              name="code"
              className="field__input order-code"
              defaultValue={result?.input.code}
              autoCapitalize="characters"
              autoComplete="off"
              spellCheck={false}
              placeholder="HL7K3M9QXR"
              required
              maxLength={40}
              aria-describedby={message ? "lookup-error" : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="lookup-contact" className="field__label">
              {t("lookup.contact")}
            </label>
            <input
              id="lookup-contact"
              name="contact"
              className="field__input"
              defaultValue={result?.input.contact}
              autoComplete="tel"
              required
              maxLength={254}
            />
          </div>
          <button type="submit" className="button button--primary button--block" disabled={busy}>
            {t("lookup.submit")}
          </button>
        </Form>
        <p className="order-muted order-lookup__aside">
          <Link to="/account/orders">{t("lookup.signedIn")}</Link>
        </p>
      </section>
    </main>
  );
}
