import {
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { accountMeta } from "~/auth/route-meta";
import { AuthCard } from "~/auth/components/auth-fields";
import { authTranslator } from "~/auth/messages";
import {
  clearedSessionCookie,
  countSessions,
  destroyAllSessions,
  destroySession,
  getUser,
  requireUser,
} from "~/auth/session.server";
import { leaderTranslator } from "~/groupbuy/leader-messages";
import { leaderPoints } from "~/groupbuy/pickup.server";
import { pick } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useI18n } from "~/lib/use-i18n";
import { orderTranslator } from "~/orders/order-messages";
import { readFormObject } from "~/lib/read-form.server";

const noticeSchema = z.enum(["password-reset"]).optional().catch(undefined);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const notice = noticeSchema.parse(new URL(request.url).searchParams.get("notice") ?? undefined);
  return {
    locale: await getLocale(request),
    notice,
    user: { name: user.name, email: user.email, role: user.role, memberships: user.memberships },
    sessionCount: await countSessions({ userId: user.id }),
    // The pickup points this account leads: the way to /leader.
    leads: (await leaderPoints({ leaderUserId: user.id })).map((p) => p.name),
  };
}

const intentSchema = z.object({ intent: z.enum(["sign-out", "sign-out-everywhere"]) });

export async function action({ request }: ActionFunctionArgs) {
  const parsed = intentSchema.safeParse(await readFormObject(request));
  if (!parsed.success) throw new Response("Unknown action", { status: 400 });
  switch (parsed.data.intent) {
    case "sign-out":
      return redirect("/account/sign-in?notice=signed-out", {
        headers: { "Set-Cookie": await destroySession(request) },
      });
    case "sign-out-everywhere": {
      const user = await getUser(request);
      if (user) await destroyAllSessions({ userId: user.id });
      return redirect("/account/sign-in?notice=signed-out-everywhere", {
        headers: { "Set-Cookie": await clearedSessionCookie() },
      });
    }
    default:
      throw new Error(`unhandled intent ${JSON.stringify(parsed.data.intent satisfies never)}`);
  }
}

// Personal data (or a live reset link): never kept by a shared cache or the back-forward cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export const meta: MetaFunction<typeof loader> = ({ data: d }) =>
  accountMeta(d?.locale, "account.title");

export default function AccountPage() {
  const { user, sessionCount, notice, leads } = useLoaderData<typeof loader>();
  const { locale } = useI18n();
  const t = authTranslator(locale);
  const canAdmin = user.role === "admin" || user.memberships.length > 0;
  // A shopper who belongs to a cooperative thinks of themselves as a member, not a shopper.
  const roleLabel =
    user.role === "shopper" && user.memberships.length > 0
      ? "account.role.member"
      : (`account.role.${user.role}` as const);
  return (
    <AuthCard
      title={t("account.title")}
      intro={t("account.signedInAs", { name: user.name, email: user.email })}
    >
      {notice === "password-reset" ? (
        <p role="status" className="notice notice--ok">
          {t("reset.done")}
        </p>
      ) : null}
      <dl className="account-facts">
        <div>
          <dt>{t("account.role")}</dt>
          <dd>{t(roleLabel)}</dd>
        </div>
      </dl>

      <section className="account-section" aria-labelledby="account-orders">
        <h2 id="account-orders">{orderTranslator(locale)("mine.title")}</h2>
        <Link to="/account/orders" className="button button--block">
          {orderTranslator(locale)("mine.title")}
        </Link>
      </section>

      <section className="account-section" aria-labelledby="account-coops">
        <h2 id="account-coops">{t("account.cooperatives")}</h2>
        {user.memberships.length > 0 ? (
          <ul className="account-coops">
            {user.memberships.map((m) => (
              <li key={m.cooperativeId}>
                <Link to={`/c/${m.cooperativeSlug}`}>
                  {pick(
                    { nameZh: m.cooperativeNameZh, nameEn: m.cooperativeNameEn },
                    "name",
                    locale,
                  )}
                </Link>
                <span className="tag">{t(`account.member.${m.role}`)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="account-muted">{t("account.noCooperatives")}</p>
        )}
        {canAdmin ? (
          <Link to="/admin" className="button button--primary button--block">
            {t("account.toAdmin")}
          </Link>
        ) : null}
      </section>

      {user.role === "host" ? (
        <section className="account-section" aria-labelledby="account-host">
          <h2 id="account-host">{t("account.host.title")}</h2>
          <p className="account-muted">{t("account.host.body")}</p>
          <Link to="/host" className="button button--primary button--block">
            {t("account.host.open")}
          </Link>
        </section>
      ) : null}

      {leads.length > 0 ? (
        <section className="account-section" aria-labelledby="account-leader">
          <h2 id="account-leader">{leaderTranslator(locale)("leader.account.title")}</h2>
          <p className="account-muted">{leads.join("、")}</p>
          <Link to="/leader" className="button button--primary button--block">
            {leaderTranslator(locale)("leader.account.open")}
          </Link>
        </section>
      ) : null}

      <section className="account-section" aria-labelledby="account-security">
        <h2 id="account-security">{t("account.security")}</h2>
        <p className="account-muted">
          {sessionCount === 1
            ? t("account.sessionsOne")
            : t("account.sessions", { count: sessionCount })}
        </p>
        <p className="account-muted">
          <Link to="/account/reset">{t("account.changePassword")}</Link> ·{" "}
          {t("account.changePasswordHint")}
        </p>
        <div className="account-actions">
          <Form method="post">
            <button type="submit" name="intent" value="sign-out" className="button button--block">
              {t("account.signOut")}
            </button>
          </Form>
          <Form method="post">
            <button
              type="submit"
              name="intent"
              value="sign-out-everywhere"
              className="button button--block"
              aria-describedby="everywhere-hint"
            >
              {t("account.signOutEverywhere")}
            </button>
            <p id="everywhere-hint" className="field__hint">
              {t("account.signOutEverywhereHint")}
            </p>
          </Form>
        </div>
      </section>
    </AuthCard>
  );
}
