import { makeTranslator, type Locale } from "../lib/i18n";

/*
 * The storefront's presale words in both languages, apart from the owner's pages' so that a
 * shopper's page does not carry the admin's strings (presale-messages.ts adds those).
 */
const zh = {
  // Storefront: product page box, home section.
  "presale.store.title": "预售",
  "presale.store.price": "预售价",
  "presale.store.payNow": "现付定金 {deposit}，发货时付尾款 {balance}，预计 {date} 前后",
  "presale.store.payFull": "现付全款 {price}，预计 {date} 前后发货",
  "presale.store.shippingNote": "运费在结算时按收货地计算。",
  "presale.store.progress": "已预订 {sold} / {cap} 箱",
  "presale.store.progressLabel": "预订进度",
  "presale.store.harvestIn": "距采收约 {days} 天",
  "presale.store.harvestNow": "正在采收",
  "presale.store.endsAt": "预售截止：{date}",
  "presale.store.policy": "退款说明",
  "presale.store.short.wait":
    "收成不足、这批发不到你时：会立即通知你选择；不选则默认为你保留订单，等下一批发货。",
  "presale.store.short.cancel":
    "收成不足、这批发不到你时：会立即通知你选择；不选则默认取消订单，全额退还已付款项。",
  "presale.store.cta": "预订",
  "presale.store.full": "已订满",
  "presale.store.homeTitle": "预售",
  "presale.store.homeHarvest": "{month}月采收",
  "presale.store.homeGo": "去预订",
};

export type PresaleStoreMessageKey = keyof typeof zh;

const en: Record<PresaleStoreMessageKey, string> = {
  "presale.store.title": "Pre-order",
  "presale.store.price": "Presale price",
  "presale.store.payNow": "{deposit} now, {balance} when it ships, around {date}",
  "presale.store.payFull": "{price} now, ships around {date}",
  "presale.store.shippingNote": "Shipping is worked out at checkout from your address.",
  "presale.store.progress": "{sold} of {cap} packs pre-ordered",
  "presale.store.progressLabel": "Pre-ordered so far",
  "presale.store.harvestIn": "Harvest in about {days} days",
  "presale.store.harvestNow": "Harvest under way",
  "presale.store.endsAt": "Pre-orders close {date}",
  "presale.store.policy": "Refund policy",
  "presale.store.short.wait":
    "If the harvest comes in short of your order, we tell you at once and you choose; if you do not, your order waits for the next batch.",
  "presale.store.short.cancel":
    "If the harvest comes in short of your order, we tell you at once and you choose; if you do not, it is cancelled and everything you paid is refunded.",
  "presale.store.cta": "Pre-order",
  "presale.store.full": "Fully pre-ordered",
  "presale.store.homeTitle": "Presales",
  "presale.store.homeHarvest": "Harvest in {month}",
  "presale.store.homeGo": "Pre-order",
};

export const presaleStoreMessages: Record<Locale, Record<PresaleStoreMessageKey, string>> = {
  zh,
  en,
};
export const presaleStoreTranslator = (locale: Locale) =>
  makeTranslator(presaleStoreMessages, locale);
