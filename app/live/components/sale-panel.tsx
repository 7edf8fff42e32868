import { useCallback, useEffect, useRef, useState } from "react";
import type { Locale } from "~/lib/i18n";
import { liveTranslator, type LiveMessageKey } from "../live-messages";
import { formatLeft, useServerClock } from "./use-server-clock";

/*
 * Everything on `/l/:code` that depends on the visitor or the moment: stock (event stream, with
 * polling when the stream is down), the countdown on the server's clock, the claim button, the
 * visitor's claim and place in line (GET /me). The page's HTML is the same for everyone; this
 * fills in after it loads.
 */

interface Stock {
  remaining: number;
  claimed: number;
  sold: number;
  startsAt: string | null;
  endsAt: string | null;
  phase: "draft" | "countdown" | "live" | "paused" | "ended";
  waiting: number;
  serverTime?: string;
}
interface Place {
  status: "waiting" | "offered" | "claimed" | "lapsed" | "left";
  place: number;
  unitsAhead: number;
  quantity: number;
  reachable: boolean;
}
interface Me {
  claim: {
    claimId: string;
    quantity: number;
    status: "held" | "ordered";
    expiresAt: string;
    orderId: string | null;
  } | null;
  waitlist: Place | null;
  /** Units this shopper holds or bought in the sale (the per-shopper limit counts them). */
  bought?: number;
}

type Notice = { kind: "error" | "info"; text: string } | null;

const POLL_MS = 3_000;
const ME_MS = 5_000;

function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function SalePanel({
  code,
  locale,
  perShopperLimit,
  holdSeconds,
}: {
  code: string;
  locale: Locale;
  perShopperLimit: number | null;
  holdSeconds: number;
}) {
  const t = liveTranslator(locale);
  const api = `/api/live/${encodeURIComponent(code)}`;
  const { now, observe } = useServerClock();
  const [stock, setStock] = useState<Stock | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [offline, setOffline] = useState(false);
  const [quantity, setQuantity] = useState(1);
  const [busy, setBusy] = useState<"claim" | "retry" | "wait" | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [soldOutSeen, setSoldOutSeen] = useState(false);
  const [email, setEmail] = useState("");
  const key = useRef<string | null>(null);
  const lastEvent = useRef(0);

  const readStock = useCallback(async () => {
    const sentAt = Date.now();
    try {
      const res = await fetch(`${api}/stock`, { cache: "no-store" });
      if (!res.ok) return;
      const body = (await res.json()) as Stock;
      observe(body.serverTime, sentAt, Date.now());
      setStock(body);
    } catch {
      setOffline(true);
    }
  }, [api, observe]);

  const readMe = useCallback(async () => {
    try {
      const res = await fetch(`${api}/me`, { cache: "no-store", credentials: "same-origin" });
      if (res.ok) setMe((await res.json()) as Me);
    } catch {
      // the next poll tries again
    }
  }, [api]);

  // Stock: the event stream, and a poll whenever it has been quiet (down, or blocked by a proxy).
  useEffect(() => {
    void readStock();
    void readMe();
    let source: EventSource | null = null;
    if (typeof EventSource === "function") {
      source = new EventSource(`${api}/events`);
      source.onmessage = (e: MessageEvent<string>) => {
        lastEvent.current = Date.now();
        setOffline(false);
        try {
          const body = JSON.parse(e.data) as Stock;
          observe(body.serverTime, lastEvent.current, lastEvent.current);
          setStock(body);
        } catch {
          // a malformed event is skipped
        }
      };
      source.onerror = () => setOffline(true);
    }
    const poll = setInterval(() => {
      // The stream sends at least once a second while it is up; quiet for longer means it is not.
      if (Date.now() - lastEvent.current > POLL_MS) void readStock();
    }, POLL_MS);
    return () => {
      source?.close();
      clearInterval(poll);
    };
  }, [api, observe, readStock, readMe]);

  // The visitor's own state, often while they hold units or wait in line.
  useEffect(() => {
    const busyLine = me?.waitlist?.status === "waiting" || me?.claim?.status === "held";
    const timer = setInterval(() => void readMe(), busyLine ? ME_MS : ME_MS * 4);
    return () => clearInterval(timer);
  }, [me, readMe]);

  const startsAt = stock?.startsAt ? Date.parse(stock.startsAt) : null;
  const endsAt = stock?.endsAt ? Date.parse(stock.endsAt) : null;
  let phase = stock?.phase ?? null;
  // The server said "countdown" a moment ago; on the server's clock it may have opened since.
  if (phase === "countdown" && now !== null && startsAt !== null && now >= startsAt) phase = "live";
  if (phase === "live" && now !== null && endsAt !== null && now >= endsAt) phase = "ended";
  const opened = useRef(false);
  useEffect(() => {
    // At the opening second, read the stock again so the phase comes from the server too.
    if (phase === "live" && stock?.phase === "countdown" && !opened.current) {
      opened.current = true;
      void readStock();
    }
  }, [phase, stock, readStock]);
  const soldOut = phase === "live" && (stock?.remaining ?? 1) <= 0;
  const showWaitlist = (soldOut || soldOutSeen) && phase !== "ended" && !me?.waitlist && !me?.claim;

  async function claim() {
    const tapKey = (key.current ??= newKey());
    setBusy("claim");
    setNotice(null);
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        const res = await fetch(`${api}/claims`, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "Idempotency-Key": tapKey },
          body: JSON.stringify({ quantity }),
        });
        if (res.status >= 500) throw new Error(String(res.status));
        const body = (await res.json()) as {
          claimId?: string;
          error?: string;
          limit?: number;
        };
        if (res.ok && body.claimId) {
          window.location.assign(checkoutHref(body.claimId, locale));
          return;
        }
        key.current = null; // refused: the next tap is a new claim
        setBusy(null);
        if (body.error === "sold_out") {
          setSoldOutSeen(true);
          setNotice({ kind: "info", text: t("live.soldOutBody") });
        } else if (body.error === "over_limit")
          setNotice({ kind: "error", text: t("live.overLimit", { count: body.limit ?? 0 }) });
        else if (body.error === "not_started")
          setNotice({ kind: "info", text: t("live.notStarted") });
        else if (body.error === "paused") setNotice({ kind: "info", text: t("live.paused") });
        else if (body.error === "ended") setNotice({ kind: "info", text: t("live.ended") });
        else setNotice({ kind: "error", text: t("live.failed") });
        void readStock();
        return;
      } catch {
        // No answer: try again with the same key, so a claim that did land is not made twice.
        setBusy("retry");
        await sleep(400 * 2 ** attempt);
      }
    }
    // Still nothing: the key is kept, so the next tap asks about the same claim.
    setBusy(null);
    setNotice({ kind: "error", text: t("live.failed") });
  }

  async function joinWaitlist(e: React.FormEvent) {
    e.preventDefault();
    setBusy("wait");
    setNotice(null);
    try {
      const res = await fetch(`${api}/waitlist`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(email.trim() ? { quantity, email: email.trim() } : { quantity }),
      });
      const body = (await res.json()) as { error?: string; message?: string; limit?: number };
      if (res.status === 409 && body.error === "not_sold_out") {
        setSoldOutSeen(false);
        void readStock();
      } else if (body.error === "too_many") {
        setNotice({ kind: "error", text: t("live.waitTooMany", { count: body.limit ?? 0 }) });
      } else if (body.error === "over_limit") {
        setNotice({ kind: "error", text: t("live.overLimit", { count: body.limit ?? 0 }) });
      } else if (!res.ok) {
        void readStock();
        setNotice({ kind: "error", text: t(WAIT_REFUSALS[body.error ?? ""] ?? "live.failed") });
      }
      await readMe();
    } catch {
      setNotice({ kind: "error", text: t("live.failed") });
    } finally {
      setBusy(null);
    }
  }

  const allowance = perShopperLimit === null ? null : perShopperLimit - (me?.bought ?? 0);
  const maxQuantity = Math.max(1, Math.min(allowance ?? 10, 10));
  const limitReached = allowance !== null && allowance <= 0;
  const held = me?.claim?.status === "held" ? me.claim : null;
  const heldLeft = held && now !== null ? Date.parse(held.expiresAt) - now : null;

  return (
    <div className="sale-panel">
      <div className="sale-clock" aria-live="polite">
        {phase === "countdown" && startsAt !== null ? (
          <>
            <span className="sale-clock__label">{t("live.startsIn")}</span>
            <span className="sale-clock__time" data-testid="countdown">
              {now === null ? "--:--" : formatLeft(startsAt - now)}
            </span>
          </>
        ) : phase === "live" && endsAt !== null ? (
          <>
            <span className="sale-clock__label">{t("live.endsIn")}</span>
            <span className="sale-clock__time" data-testid="countdown">
              {now === null ? "--:--" : formatLeft(endsAt - now)}
            </span>
          </>
        ) : phase === "draft" ? (
          <span className="sale-clock__label">{t("live.notStarted")}</span>
        ) : phase === "paused" ? (
          <span className="sale-clock__label">{t("live.paused")}</span>
        ) : phase === "ended" ? (
          <span className="sale-clock__label">{t("live.ended")}</span>
        ) : (
          <span className="sale-clock__label">{t("live.remainingUnknown")}</span>
        )}
      </div>

      {stock ? (
        <div className="sale-stock">
          <p className="sale-stock__left" data-testid="remaining">
            {soldOut ? t("live.soldOut") : t("live.remaining", { count: stock.remaining })}
          </p>
          <div className="sale-stock__bar" aria-hidden="true">
            <span
              style={{
                width: `${Math.round((100 * stock.remaining) / Math.max(1, stock.remaining + stock.claimed + stock.sold))}%`,
              }}
            />
          </div>
          <p className="sale-stock__meta">
            {t("live.sold", { count: stock.sold })}
            {stock.claimed ? ` · ${t("live.claimed", { count: stock.claimed })}` : ""}
            {held && stock.claimed ? t("live.claimedYours", { count: held.quantity }) : ""}
          </p>
        </div>
      ) : null}
      {offline ? <p className="sale-offline">{t("live.offline")}</p> : null}

      {held ? (
        <section className="sale-held" aria-labelledby="held-title">
          <h2 id="held-title">{t("live.heldTitle", { count: held.quantity })}</h2>
          <p>
            {heldLeft !== null && heldLeft > 0
              ? t("live.heldEnds", { time: formatLeft(heldLeft) })
              : t("live.expired")}
          </p>
          <a
            className="button button--primary button--block sale-cta"
            href={checkoutHref(held.claimId, locale)}
          >
            {t("live.pay")}
          </a>
        </section>
      ) : me?.claim?.status === "ordered" && me.claim.orderId ? (
        <section className="sale-held">
          <p>{t("live.ordered")}</p>
          <a
            className="button button--block"
            href={`/orders/${encodeURIComponent(me.claim.orderId)}`}
          >
            {t("live.viewOrder")}
          </a>
        </section>
      ) : null}

      {me?.waitlist && !held ? <WaitPlace place={me.waitlist} t={t} /> : null}

      {notice ? (
        <p
          role="alert"
          className={`notice ${notice.kind === "error" ? "notice--error" : ""} sale-notice`}
        >
          {notice.text}
        </p>
      ) : null}

      {limitReached && !held && phase !== "ended" ? (
        <p className="notice sale-notice">{t("live.limitReached", { count: perShopperLimit! })}</p>
      ) : null}

      {!held && !showWaitlist && !me?.waitlist && !limitReached && phase !== "ended" ? (
        <div className="sale-claim">
          {maxQuantity > 1 ? (
            <label className="sale-qty">
              <span>{t("live.quantity")}</span>
              <select
                className="field__input"
                value={quantity}
                onChange={(e) => {
                  setQuantity(Number(e.target.value));
                  key.current = null;
                }}
              >
                {Array.from({ length: maxQuantity }, (_, i) => (
                  <option key={i + 1} value={i + 1}>
                    {i + 1}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <button
            type="button"
            className="button button--primary button--block sale-cta"
            disabled={phase !== "live" || soldOut || busy !== null}
            onClick={() => void claim()}
          >
            {busy === "claim"
              ? t("live.claiming")
              : busy === "retry"
                ? t("live.retrying")
                : soldOut
                  ? t("live.soldOut")
                  : t("live.claim")}
          </button>
          <p className="sale-fine">
            {t("live.holdNote", { minutes: Math.max(1, Math.round(holdSeconds / 60)) })}
            {perShopperLimit ? ` ${t("live.limit", { count: perShopperLimit })}` : ""}
          </p>
        </div>
      ) : null}

      {showWaitlist ? (
        <form className="sale-wait" onSubmit={(e) => void joinWaitlist(e)}>
          <h2>{t("live.waitTitle")}</h2>
          <p className="sale-fine">{t("live.soldOutBody")}</p>
          <label className="field">
            <span className="field__label">{t("live.quantity")}</span>
            <select
              className="field__input"
              value={quantity}
              onChange={(e) => setQuantity(Number(e.target.value))}
            >
              {Array.from({ length: maxQuantity }, (_, i) => (
                <option key={i + 1} value={i + 1}>
                  {i + 1}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t("live.waitEmail")}</span>
            <input
              className="field__input"
              type="email"
              autoComplete="email"
              inputMode="email"
              maxLength={254}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <button
            type="submit"
            className="button button--primary button--block"
            disabled={busy !== null}
          >
            {busy === "wait" ? t("live.waitJoining") : t("live.waitJoin")}
          </button>
        </form>
      ) : null}
    </div>
  );
}

function WaitPlace({ place, t }: { place: Place; t: ReturnType<typeof liveTranslator> }) {
  if (place.status === "offered")
    return <p className="notice notice--ok">{t("live.waitOffered")}</p>;
  if (place.status !== "waiting") return <p className="notice">{t("live.waitLapsed")}</p>;
  return (
    <section className="sale-place" aria-labelledby="place-title">
      <h2 id="place-title">{t("live.waitTitle")}</h2>
      <p data-testid="place">
        {t("live.waitPlace", { place: place.place, units: place.unitsAhead })}
      </p>
      <p className={place.reachable ? "sale-fine" : "notice notice--error"}>
        {place.reachable ? t("live.waitReachable") : t("live.waitUnreachable")}
      </p>
    </section>
  );
}

/** Why the line would not take a place, in the page's language (anything else: try again). */
const WAIT_REFUSALS: Partial<Record<string, LiveMessageKey>> = {
  paused: "live.paused",
  not_started: "live.notStarted",
  ended: "live.ended",
  gone: "live.waitGone",
};

/** The claim's checkout, in the sale page's language (an English link stays English). */
function checkoutHref(claimId: string, locale: Locale): string {
  return `/claims/${encodeURIComponent(claimId)}/checkout${locale === "en" ? "?lang=en" : ""}`;
}
