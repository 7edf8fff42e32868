import { useEffect, useState } from "react";
import type { Locale } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { formatLeft } from "~/live/components/use-server-clock";
import { groupbuyStoreTranslator } from "../groupbuy-store-messages";
import type { DealProgress, Tier } from "../tiers";

/*
 * The pieces of a group deal a shopper sees on its share page and its order card: the tier table,
 * the bar to the next tier, the countdown on the server's clock.
 */

/** Price per pack by group size, the tier reached marked. */
export function TierTable({
  tiers,
  reached,
  locale,
}: {
  tiers: Tier[];
  reached: Tier | null;
  locale: Locale;
}) {
  const gt = groupbuyStoreTranslator(locale);
  return (
    <section className="gb-tiers" aria-labelledby="gb-tiers-title">
      <h2 id="gb-tiers-title" className="gb-tiers__title">
        {gt("groupbuy.store.tiers")}
      </h2>
      <ol className="gb-tiers__list">
        {tiers.map((t) => {
          const now = reached?.minQuantity === t.minQuantity;
          return (
            <li
              key={t.minQuantity}
              className={now ? "gb-tier gb-tier--now" : "gb-tier"}
              aria-current={now ? "true" : undefined}
            >
              <span className="gb-tier__min">
                {gt("groupbuy.store.tierMin", { min: t.minQuantity })}
              </span>
              <span className="gb-tier__price">
                {gt("groupbuy.store.perPack", { price: formatFen(t.priceFen, locale) })}
              </span>
              {now ? <span className="gb-tier__tag">{gt("groupbuy.store.tierNow")}</span> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The bar to the next price drop, joined and maximum, and what the group needs to succeed. */
export function DealProgressBar({
  progress: p,
  minQuantity,
  maxQuantity,
  tiers,
  locale,
}: {
  progress: DealProgress;
  minQuantity: number;
  maxQuantity: number;
  tiers: Tier[];
  locale: Locale;
}) {
  const gt = groupbuyStoreTranslator(locale);
  const money = (fen: number) => formatFen(fen, locale);
  const last = tiers[tiers.length - 1];
  const label = p.next
    ? gt("groupbuy.store.toNext", { count: p.next.needed, price: money(p.next.tier.priceFen) })
    : gt("groupbuy.store.lastTier", { price: money((p.reached ?? last)?.priceFen ?? 0) });
  return (
    <div className="gb-progress">
      <p className="gb-progress__next">{label}</p>
      <div
        className="gb-progress__bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={p.percentToNext}
      >
        <span style={{ width: `${p.percentToNext}%` }} />
      </div>
      <p className="gb-progress__facts">
        <span>{gt("groupbuy.store.joined", { joined: p.joined, max: maxQuantity })}</span>
        <span className={p.succeeds ? "gb-progress__ok" : undefined}>
          {p.succeeds
            ? gt("groupbuy.store.minReached")
            : `${gt("groupbuy.store.min", { min: minQuantity })} · ${gt("groupbuy.store.toMin", { count: p.neededForMin })}`}
        </span>
      </p>
    </div>
  );
}

/**
 * Time left to `endsAt`, ticking on the server's clock: `serverTime` is when the page was read;
 * the offset from the device's clock at that moment corrects a phone set minutes fast or slow.
 */
export function Countdown({
  endsAt,
  serverTime,
  locale,
}: {
  endsAt: string;
  serverTime: string;
  locale: Locale;
}) {
  const gt = groupbuyStoreTranslator(locale);
  const end = Date.parse(endsAt);
  const [now, setNow] = useState(() => Date.parse(serverTime));
  useEffect(() => {
    const offset = Date.parse(serverTime) - Date.now();
    const tick = () => setNow(Date.now() + offset);
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [serverTime]);
  const ms = Math.max(0, end - now);
  const days = Math.floor(ms / 86_400_000);
  const rest = formatLeft(ms % 86_400_000);
  return (
    <p className="gb-countdown" role="timer" aria-live="off">
      <span className="gb-countdown__label">{gt("groupbuy.store.endsIn")}</span>{" "}
      <span className="gb-countdown__time">
        {days > 0 ? (locale === "en" ? `${days}d ` : `${days} 天 `) : ""}
        {rest}
      </span>
    </p>
  );
}

function copyByHand(text: string): boolean {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok;
}

/** The share link with a copy button, and its QR code for a neighbour's phone or a poster. */
export function ShareBox({ url, code, locale }: { url: string; code: string; locale: Locale }) {
  const gt = groupbuyStoreTranslator(locale);
  const [copied, setCopied] = useState(false);
  const qr = `/g/${encodeURIComponent(code)}/qr`;
  return (
    <section className="gb-card gb-share" aria-labelledby="gb-share-title">
      <h2 id="gb-share-title">{gt("groupbuy.store.share")}</h2>
      <div className="gb-share__row">
        <input
          className="field__input gb-share__link"
          readOnly
          value={url}
          aria-label={gt("groupbuy.store.share")}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="button"
          onClick={() => {
            const done = () => {
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            };
            // The Clipboard API needs a secure context (https or localhost).
            if (navigator.clipboard)
              void navigator.clipboard.writeText(url).then(done, () => copyByHand(url) && done());
            else if (copyByHand(url)) done();
          }}
        >
          {copied ? gt("groupbuy.store.copied") : gt("groupbuy.store.copy")}
        </button>
      </div>
      <a href={`${qr}.svg`} className="gb-share__qr">
        <img
          src={`${qr}.png?size=240`}
          width={160}
          height={160}
          alt={gt("groupbuy.store.qr")}
          loading="lazy"
        />
      </a>
    </section>
  );
}
