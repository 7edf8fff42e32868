import {
  data,
  json,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Link,
  isRouteErrorResponse,
  useActionData,
  useLoaderData,
  useNavigation,
  useRouteError,
} from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { landingPath, requireUser, type SessionUser } from "~/auth/session.server";
import leaderStyles from "~/groupbuy/leader.css";
import { leaderTime, leaderTranslator, type LeaderMessageKey } from "~/groupbuy/leader-messages";
import {
  collectByCode,
  commissions,
  leaderPoints,
  pointBoard,
  type PickupRow,
} from "~/groupbuy/pickup.server";
import { isLocale, pick, type Locale } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { readForm } from "~/lib/read-form.server";
import { useI18n } from "~/lib/use-i18n";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leaderStyles }];

/** The signed-in user's active points; anyone else gets a 403 saying where their account belongs. */
async function requireLeader(request: Request) {
  const user = await requireUser(request);
  const points = await leaderPoints({ leaderUserId: user.id });
  if (!points.length) throw forbidden(user);
  return { user, points };
}

function forbidden(user: SessionUser) {
  const home = landingPath({ role: user.role, isMember: user.memberships.length > 0 });
  return json({ home }, { status: 403, headers: { "Cache-Control": "private, no-store" } });
}

const query = z.object({
  point: z.string().max(100).optional(),
  q: z.string().max(40).optional(),
});

const rowOut = (r: PickupRow) => ({
  ...r,
  collectedAt: r.collectedAt?.toISOString() ?? null,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, points } = await requireLeader(request);
  const params = new URL(request.url).searchParams;
  const parsed = query.safeParse({
    point: params.get("point") ?? undefined,
    q: params.get("q") ?? undefined,
  });
  const asked = parsed.success ? parsed.data : {};
  const point = points.find((p) => p.id === asked.point) ?? points[0]!;
  const q = (asked.q ?? "").replace(/\s+/g, "");
  const searchBad = !parsed.success || (q !== "" && !/^[0-9]{1,6}$/.test(q));
  const [board, owed] = await Promise.all([
    pointBoard({ leaderUserId: user.id, pointId: point.id, q: searchBad ? "" : q }),
    commissions({ leaderUserId: user.id }),
  ]);
  return data(
    {
      points: points.map((p) => ({ id: p.id, name: p.name })),
      point: board!.point,
      q: searchBad ? "" : q,
      searchError: searchBad ? ("leader.error.search" as const) : null,
      toCollect: board!.toCollect.map(rowOut),
      collectedToday: board!.collectedToday.map(rowOut),
      commissions: owed.filter((c) => points.some((p) => p.id === c.pointId)),
    },
    { status: searchBad ? 400 : 200, headers: { "Cache-Control": "private, no-store" } },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => ({
  "Cache-Control":
    actionHeaders.get("Cache-Control") ?? loaderHeaders.get("Cache-Control") ?? "private, no-store",
});

const collectForm = z.object({
  intent: z.literal("collect"),
  pointId: z.string().min(1).max(100),
  code: z.string(),
});

type ActionResult =
  | {
      ok: true;
      collected: { name: string; pack: string; packEn: string; quantity: number; order: string };
    }
  | { ok: false; error: LeaderMessageKey; vars?: Record<string, string>; code: string };

export async function action({ request }: ActionFunctionArgs) {
  const { user, points } = await requireLeader(request);
  const form = Object.fromEntries(await readForm(request));
  const parsed = collectForm.safeParse(form);
  if (!parsed.success) {
    if (form.intent !== "collect") throw new Response("Unknown intent", { status: 400 });
    throw new Response("The form does not name a pickup point", { status: 400 });
  }
  // The form names the point it collects at: one the leader does not lead is not found.
  if (!points.some((p) => p.id === parsed.data.pointId))
    throw new Response("Not found", { status: 404 });
  const code = parsed.data.code.replace(/[\s-]/g, "");
  const refuse = (status: number, error: LeaderMessageKey, vars?: Record<string, string>) =>
    data<ActionResult>({ ok: false, error, vars, code: code.slice(0, 6) }, { status });
  if (!/^[0-9]{6}$/.test(code)) return refuse(422, "leader.error.codeFormat");
  const done = await collectByCode({ leaderUserId: user.id, pointId: parsed.data.pointId, code });
  if (done.ok)
    return data<ActionResult>({
      ok: true,
      collected: {
        name: done.shopperName,
        pack: `${done.productNameZh} ${done.labelZh}`,
        packEn: `${done.productNameEn} ${done.labelEn}`,
        quantity: done.quantity,
        order: done.orderCode,
      },
    });
  switch (done.error) {
    case "invalid_code":
      return refuse(422, "leader.error.codeFormat");
    case "point_not_found":
      throw new Response("Not found", { status: 404 });
    case "not_found":
      return refuse(404, "leader.error.notFound");
    case "already_collected":
      return refuse(409, "leader.error.alreadyCollected", {
        time: done.collectedAt.toISOString(),
        who: done.collectedByName,
      });
    case "not_collectable":
      return refuse(409, "leader.error.notCollectable");
    default:
      throw new Error(`unexpected collect outcome ${JSON.stringify(done)}`);
  }
}

function PickupList({
  rows,
  locale,
  t,
  collected,
}: {
  rows: ReturnType<typeof rowOut>[];
  locale: Locale;
  t: ReturnType<typeof leaderTranslator>;
  collected?: boolean;
}) {
  return (
    <ul className="leader-list">
      {rows.map((r) => (
        <li key={r.orderId} className={`leader-row${collected ? " leader-row--done" : ""}`}>
          <div className="leader-row__code" aria-label={t("leader.row.code")}>
            {r.pickupCode ?? "—"}
          </div>
          <div className="leader-row__who">
            <strong>{r.shopperName}</strong> <span className="leader-muted">{r.mobile}</span>
          </div>
          <div className="leader-row__pack">
            {pick({ nameZh: r.productNameZh, nameEn: r.productNameEn }, "name", locale)}{" "}
            {pick({ labelZh: r.labelZh, labelEn: r.labelEn }, "label", locale)} × {r.quantity}
          </div>
          <div className="leader-muted leader-row__order">
            {t("leader.row.order", { code: r.orderCode })}
            {collected && r.collectedAt
              ? ` · ${t("leader.row.at", { time: leaderTime(r.collectedAt, locale) })}`
              : ""}
          </div>
        </li>
      ))}
    </ul>
  );
}

export default function LeaderConsole() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale } = useI18n();
  const t = leaderTranslator(locale);
  const busy = useNavigation().state === "submitting";
  const codeRef = useRef<HTMLInputElement>(null);
  // After each answer the box is ready for the next shopper's code.
  useEffect(() => {
    if (result) codeRef.current?.focus();
  }, [result]);
  const fen = (n: number) => formatFen(n, locale);
  const failed = result && !result.ok ? result : null;
  const errorText = failed
    ? t(failed.error, {
        ...failed.vars,
        ...(failed.vars?.time ? { time: leaderTime(failed.vars.time, locale) } : {}),
      })
    : null;
  const totalCommission = d.commissions.reduce((s, c) => s + c.commissionFen, 0);
  const pointQuery = d.points.length > 1 ? `?point=${encodeURIComponent(d.point.id)}` : "";
  return (
    <main id="main" className="container leader">
      <header className="leader-head">
        <p className="leader-muted">{t("leader.title")}</p>
        <h1>{d.point.name}</h1>
        <p className="leader-muted">
          {d.point.addressLine}
          {d.point.openingHours ? ` · ${t("leader.hours", { hours: d.point.openingHours })}` : ""}
        </p>
        {d.points.length > 1 ? (
          <nav aria-label={t("leader.switchPoint")} className="leader-points">
            {d.points.map((p) => (
              <Link
                key={p.id}
                to={`/leader?point=${encodeURIComponent(p.id)}`}
                className={`chip${p.id === d.point.id ? " chip--active" : ""}`}
                aria-current={p.id === d.point.id ? "page" : undefined}
              >
                {p.name}
              </Link>
            ))}
          </nav>
        ) : null}
      </header>

      <section className="leader-card">
        <Form method="post" action={`/leader${pointQuery}`} className="leader-collect" noValidate>
          <input type="hidden" name="intent" value="collect" />
          <input type="hidden" name="pointId" value={d.point.id} />
          <label htmlFor="pickup-code" className="leader-collect__label">
            {t("leader.code.label")}
          </label>
          <p id="pickup-code-hint" className="leader-muted">
            {t("leader.code.hint")}
          </p>
          <input
            ref={codeRef}
            key={result ? JSON.stringify(result) : "empty"}
            id="pickup-code"
            name="code"
            className="leader-collect__input"
            inputMode="numeric"
            autoComplete="off"
            maxLength={7}
            defaultValue={failed?.code ?? ""}
            aria-invalid={failed ? true : undefined}
            aria-describedby={failed ? "pickup-code-hint pickup-code-error" : "pickup-code-hint"}
          />
          {failed ? (
            <p id="pickup-code-error" className="leader-error" role="alert">
              {errorText}
            </p>
          ) : null}
          <button type="submit" className="button button--primary button--block" disabled={busy}>
            {t("leader.code.submit")}
          </button>
        </Form>
        {result?.ok ? (
          <p className="leader-success" role="status">
            {t("leader.collected", {
              name: result.collected.name,
              pack: locale === "zh" ? result.collected.pack : result.collected.packEn,
              quantity: result.collected.quantity,
              order: result.collected.order,
            })}
          </p>
        ) : null}
      </section>

      <section className="leader-section" aria-labelledby="to-collect">
        <h2 id="to-collect">{t("leader.toCollect", { count: d.toCollect.length })}</h2>
        <Form method="get" action="/leader" className="leader-search" role="search">
          {d.points.length > 1 ? <input type="hidden" name="point" value={d.point.id} /> : null}
          <label htmlFor="leader-q" className="visually-hidden">
            {t("leader.search.label")}
          </label>
          <input
            id="leader-q"
            name="q"
            type="search"
            inputMode="numeric"
            defaultValue={d.q}
            placeholder={t("leader.search.placeholder")}
            aria-invalid={d.searchError ? true : undefined}
            aria-describedby={d.searchError ? "leader-q-error" : undefined}
          />
          <button type="submit" className="button">
            {t("leader.search.submit")}
          </button>
          {d.q ? (
            <Link to={`/leader${pointQuery}`} className="leader-search__clear">
              {t("leader.search.clear")}
            </Link>
          ) : null}
        </Form>
        {d.searchError ? (
          <p id="leader-q-error" className="leader-error">
            {t(d.searchError)}
          </p>
        ) : null}
        {d.toCollect.length ? (
          <PickupList rows={d.toCollect} locale={locale} t={t} />
        ) : (
          <p className="leader-muted">
            {d.q ? t("leader.toCollectNone") : t("leader.toCollectEmpty")}
          </p>
        )}
      </section>

      <section className="leader-section" aria-labelledby="collected-today">
        <h2 id="collected-today">
          {t("leader.collectedToday", { count: d.collectedToday.length })}
        </h2>
        {d.collectedToday.length ? (
          <PickupList rows={d.collectedToday} locale={locale} t={t} collected />
        ) : (
          <p className="leader-muted">{t("leader.collectedTodayEmpty")}</p>
        )}
      </section>

      <section className="leader-section" aria-labelledby="commission">
        <h2 id="commission">{t("leader.commission")}</h2>
        <p className="leader-muted">{t("leader.commissionHelp")}</p>
        {d.commissions.length ? (
          <ul className="leader-list">
            {d.commissions.map((c) => (
              <li key={`${c.offerId}:${c.pointId}`} className="leader-row leader-commission">
                <div>
                  <strong>
                    {t("leader.commission.deal", {
                      pack: `${pick({ nameZh: c.productNameZh, nameEn: c.productNameEn }, "name", locale)} ${pick({ labelZh: c.labelZh, labelEn: c.labelEn }, "label", locale)}`,
                      point: c.pointName,
                    })}
                  </strong>
                  <div className="leader-muted">
                    {t("leader.commission.detail", {
                      orders: c.collectedOrders,
                      units: c.collectedUnits,
                      counted: fen(c.countedFen),
                      rate: `${c.commissionBps / 100}%`,
                    })}
                  </div>
                </div>
                <div className="leader-commission__fen">{fen(c.commissionFen)}</div>
              </li>
            ))}
            <li className="leader-row leader-commission leader-commission--total">
              <strong>{t("leader.commission.total")}</strong>
              <div className="leader-commission__fen">{fen(totalCommission)}</div>
            </li>
          </ul>
        ) : (
          <p className="leader-muted">{t("leader.commissionEmpty")}</p>
        )}
      </section>
    </main>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const rootData = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  const t = leaderTranslator(isLocale(rootData?.locale) ? rootData.locale : "zh");
  return [{ title: t("leader.title") }, { name: "robots", content: "noindex" }];
};

/** 403: not a leader, with the way to where the account belongs; anything else said plainly. */
export function ErrorBoundary() {
  const error = useRouteError();
  const { locale } = useI18n();
  const t = leaderTranslator(locale);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status >= 500) console.error(error);
  if (status === 403) {
    const home =
      isRouteErrorResponse(error) && typeof error.data?.home === "string"
        ? (error.data.home as string)
        : "/account";
    const label: LeaderMessageKey =
      home === "/admin"
        ? "leader.forbidden.admin"
        : home === "/host"
          ? "leader.forbidden.host"
          : "leader.forbidden.account";
    return (
      <main id="main" className="container leader error-page">
        <p className="error-page__code">403</p>
        <h1>{t("leader.forbidden.title")}</h1>
        <p>{t("leader.forbidden.body")}</p>
        <p>
          <Link to={home} className="button button--primary">
            {t(label)}
          </Link>
        </p>
      </main>
    );
  }
  return (
    <main id="main" className="container leader error-page">
      <p className="error-page__code">{status}</p>
      <h1>{t("leader.error.title")}</h1>
      <p>{t("leader.error.body")}</p>
      <p>
        <Link to="/leader" className="button">
          {t("leader.error.back")}
        </Link>
      </p>
    </main>
  );
}
