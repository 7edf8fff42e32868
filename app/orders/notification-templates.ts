import type { NotificationKind } from "../../db/orders-schema";
import type { Locale } from "../lib/i18n";
import { dispatchPromise } from "../lib/dispatch";
import { formatFen } from "../lib/money";

/** What a message about an order may say. Pure: the text of every notification the shop sends. */
export interface NotificationFacts {
  code: string;
  itemsFen: number;
  shippingFen: number;
  totalFen: number;
  refundedFen: number;
  /** Absolute link to the order page (`<origin>/orders/<id>`). */
  link: string;
  /** Shipped messages list the parcels' S10 numbers. */
  trackingNumbers: string[];
  /** The slowest of the order's cooperatives' handling days: the dispatch promise. */
  handlingDays?: number;
  /** A presale's money and what the shopper must do by when (the caller adds these). */
  presale?: {
    depositFen: number;
    balanceFen: number;
    /** The harvest window ("2027-01-10 – 2027-01-25"), or a deadline, as the shopper reads it. */
    when: string;
    /** Where to act: the pay link or the choice link (defaults to the order page). */
    actionLink?: string;
    /** A short harvest's offer: so many packs of the order's `quantity` now. */
    offeredPacks?: number;
    quantity?: number;
  };
  /** A group deal's outcome (the caller adds these). */
  groupbuy?: {
    /** The tier price charged per pack (succeeded). */
    priceFen?: number;
    /** How many packs the group reached, and the minimum it needed. */
    reached: number;
    minQuantity: number;
    /** Money taken at once (a deal longer than a card hold), refunded in full as the group failed. */
    chargedFen?: number;
    /** Where and how to collect (a pickup join that succeeded). */
    pickup?: { code: string; point: string; address: string; hours: string; leader: string };
  };
}

export type NotificationChannel = "email" | "sms";

interface Text {
  subject: string;
  body: string;
}

const BRAND = { zh: "丰收直播", en: "Harvest Live" } as const;

function text(kind: NotificationKind, f: NotificationFacts, locale: Locale): Text {
  const m = (fen: number) => formatFen(fen, locale);
  const numbers = f.trackingNumbers.join(locale === "zh" ? "、" : ", ");
  const p = f.presale ?? { depositFen: 0, balanceFen: 0, when: "" };
  const g = f.groupbuy ?? { reached: 0, minQuantity: 0 };
  // One dispatch promise (app/lib/dispatch.ts), or none where the facts do not say.
  const promise =
    f.handlingDays === undefined
      ? locale === "zh"
        ? "合作社将尽快发货。"
        : "The cooperatives will ship it soon."
      : `${dispatchPromise(f.handlingDays, locale)}${locale === "zh" ? "。" : "."}`;
  if (locale === "zh") {
    switch (kind) {
      case "order_confirmation":
        return {
          subject: `订单 ${f.code} 已付款`,
          body: `您的订单 ${f.code} 已付款，合计 ${m(f.totalFen)}（商品 ${m(f.itemsFen)}，运费 ${m(f.shippingFen)}）。${promise}查看订单：${f.link}`,
        };
      case "order_shipped":
        return {
          subject: `订单 ${f.code} 已发货`,
          body: `您的订单 ${f.code} 已全部交给快递。运单号：${numbers}。查看物流：${f.link}`,
        };
      case "order_cancelled":
        return {
          subject: `订单 ${f.code} 已取消`,
          body: `您的订单 ${f.code} 已取消。${f.refundedFen > 0 ? `已退款 ${m(f.refundedFen)}，将原路退回。` : ""}查看订单：${f.link}`,
        };
      case "order_refunded":
        return {
          subject: `订单 ${f.code} 已退款`,
          body: `您的订单 ${f.code} 已退款，累计 ${m(f.refundedFen)}，将原路退回。查看订单：${f.link}`,
        };
      case "presale_deposit":
        return {
          subject: `预售订单 ${f.code} 定金已付`,
          body: `已收到订单 ${f.code} 的定金 ${m(p.depositFen)}。采摘后（预计 ${p.when}）按下单先后发货，届时自动扣除尾款 ${m(p.balanceFen)}。查看订单：${f.link}`,
        };
      case "presale_action_needed":
        return {
          subject: `预售订单 ${f.code} 待付尾款`,
          body: `订单 ${f.code} 的果子已采摘，但尾款 ${m(p.balanceFen)} 未能自动扣款。请在 ${p.when} 前付款，逾期名额将让给下一位：${p.actionLink ?? f.link}`,
        };
      case "presale_short":
        return {
          subject: `预售订单 ${f.code}：这批收成不够`,
          body: `抱歉，这批收成不够发出订单 ${f.code}。请在 ${p.when} 前选择：等下一批，或取消并全额退款：${p.actionLink ?? f.link}`,
        };
      case "presale_offered":
        return {
          subject: `预售订单 ${f.code}：这批可先发 ${p.offeredPacks} 份`,
          body: `这批收成只够订单 ${f.code} 的 ${p.offeredPacks} 份（共 ${p.quantity} 份），已为您留好。请在 ${p.when} 前选择：先发这 ${p.offeredPacks} 份（其余取消），等下一批整单发货，或取消并全额退款：${p.actionLink ?? f.link}`,
        };
      case "groupbuy_succeeded":
        return {
          subject: `拼团成功：订单 ${f.code}`,
          body: `拼团成功！共 ${g.reached} 份成团，每份 ${m(g.priceFen ?? 0)}，订单 ${f.code} 实付 ${m(f.totalFen)}。${
            g.pickup
              ? `取货码 ${g.pickup.code}：请到 ${g.pickup.point}（${g.pickup.address}，${g.pickup.hours}）找团长 ${g.pickup.leader} 取货。`
              : promise
          }查看订单：${f.link}`,
        };
      case "groupbuy_failed":
        return {
          subject: `拼团未成功：订单 ${f.code} 已取消`,
          body: `很遗憾，拼团到截止时只有 ${g.reached} 份，未达到成团所需的 ${g.minQuantity} 份。订单 ${f.code} 已取消，${g.chargedFen ? `已付的 ${m(g.chargedFen)} 将全额原路退回` : "预授权的款项已释放，未扣款"}。查看订单：${f.link}`,
        };
    }
  }
  switch (kind) {
    case "order_confirmation":
      return {
        subject: `Order ${f.code} is paid`,
        body: `Your order ${f.code} is paid: ${m(f.totalFen)} in total (items ${m(f.itemsFen)}, shipping ${m(f.shippingFen)}). ${promise} Your order: ${f.link}`,
      };
    case "order_shipped":
      return {
        subject: `Order ${f.code} has shipped`,
        body: `Every parcel of your order ${f.code} is with the carrier. Tracking numbers: ${numbers}. Track it: ${f.link}`,
      };
    case "order_cancelled":
      return {
        subject: `Order ${f.code} is cancelled`,
        body: `Your order ${f.code} is cancelled.${f.refundedFen > 0 ? ` ${m(f.refundedFen)} is refunded to your original payment method.` : ""} Your order: ${f.link}`,
      };
    case "order_refunded":
      return {
        subject: `Order ${f.code} is refunded`,
        body: `Your order ${f.code} is refunded, ${m(f.refundedFen)} in total, to your original payment method. Your order: ${f.link}`,
      };
    case "presale_deposit":
      return {
        subject: `Pre-order ${f.code}: deposit received`,
        body: `We received the ${m(p.depositFen)} deposit for order ${f.code}. Once harvested (around ${p.when}) orders ship in the order they were placed, and the ${m(p.balanceFen)} balance is charged then. Your order: ${f.link}`,
      };
    case "presale_action_needed":
      return {
        subject: `Pre-order ${f.code}: the balance is due`,
        body: `Your fruit for order ${f.code} is harvested, but the ${m(p.balanceFen)} balance could not be charged automatically. Please pay by ${p.when}, or the place goes to the next in line: ${p.actionLink ?? f.link}`,
      };
    case "presale_short":
      return {
        subject: `Pre-order ${f.code}: this harvest came in short`,
        body: `Sorry: this harvest is not enough to fill order ${f.code}. Please choose by ${p.when}: wait for the next batch, or cancel with a full refund: ${p.actionLink ?? f.link}`,
      };
    case "presale_offered":
      return {
        subject: `Pre-order ${f.code}: part of your order can ship now`,
        body: `This harvest can fill ${p.offeredPacks} of the ${p.quantity} packs of order ${f.code}; they are set aside for you. Please choose by ${p.when}: take those now (the rest cancelled), wait for the next batch for the whole order, or cancel with a full refund: ${p.actionLink ?? f.link}`,
      };
    case "groupbuy_succeeded":
      return {
        subject: `Group deal done: order ${f.code}`,
        body: `The group reached ${g.reached} packs: ${m(g.priceFen ?? 0)} a pack, so order ${f.code} is charged ${m(f.totalFen)}. ${
          g.pickup
            ? `Pickup code ${g.pickup.code}: collect it at ${g.pickup.point} (${g.pickup.address}, ${g.pickup.hours}) from ${g.pickup.leader}.`
            : promise
        } Your order: ${f.link}`,
      };
    case "groupbuy_failed":
      return {
        subject: `Group deal not reached: order ${f.code} is cancelled`,
        body: `Sorry: the group reached ${g.reached} packs by its deadline, short of the ${g.minQuantity} it needed. Order ${f.code} is cancelled and ${g.chargedFen ? `the ${m(g.chargedFen)} you paid is refunded in full to your original payment method` : "the held payment released; nothing was charged"}. Your order: ${f.link}`,
      };
  }
}

/**
 * The message for one channel. An order does not record the shopper's language, so without a
 * `locale` an email carries Chinese then English and a text message Chinese only (an SMS is
 * billed by length).
 */
export function renderNotification({
  kind,
  channel,
  facts,
  locale,
}: {
  kind: NotificationKind;
  channel: NotificationChannel;
  facts: NotificationFacts;
  locale?: Locale;
}): Text {
  if (channel === "sms") {
    const lang = locale ?? "zh";
    const t = text(kind, facts, lang);
    return {
      subject: t.subject,
      body: lang === "zh" ? `【${BRAND.zh}】${t.body}` : `[${BRAND.en}] ${t.body}`,
    };
  }
  if (locale) {
    const t = text(kind, facts, locale);
    return {
      subject: `${BRAND[locale]}${locale === "zh" ? "：" : ": "}${t.subject}`,
      body: t.body,
    };
  }
  const zh = text(kind, facts, "zh");
  const en = text(kind, facts, "en");
  return {
    subject: `${BRAND.zh}：${zh.subject} / ${en.subject}`,
    body: `${zh.body}\n\n${en.body}`,
  };
}
