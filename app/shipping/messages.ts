import { makeTranslator, type Locale } from "../lib/i18n";

const zh = {
  "tariffs.title": "运费表",
  "tariffs.subtitle": "全平台的快递、经济快递与冷链价格。保存后新的报价立即使用。",
  "tariffs.save": "保存运费表",
  "tariffs.saved": "运费表已保存，新的报价已按此计算。",
  "tariffs.invalid": "有 {count} 处需要修改，运费表未保存。",
  "tariffs.changed": "最近修改：{by}，{at}（北京时间）",
  "tariffs.default": "默认运费，尚未修改",
  "tariffs.rules":
    "首重 1 公斤按首重价计，之后每 1 公斤（不足 1 公斤按 1 公斤）加收续重价。计费重量取实重与体积重（长×宽×高 ÷ 抛比）中较大者。",
  "tariffs.zones": "区域",
  "service.express": "标准快递",
  "service.economy": "经济快递",
  "service.cold_chain": "冷链",
  "zone.local": "同省",
  "zone.regional": "同区域",
  "zone.national": "跨区域",
  "zone.remote": "偏远地区",
  "field.served": "{zone}：提供服务",
  "field.first": "首重价（元）",
  "field.step": "续重价（元）",
  "field.days": "时效（天）",
  "field.maxParcel": "单件最大重量（克）",
  "field.divisor": "体积重抛比",
  "field.notServed": "不提供服务",
  "error.required": "请填写",
  "error.number": "请填写数字",
  "error.format": "请填写金额，如 12 或 12.50",
  "error.whole": "请填写整数",
  "error.negative": "价格不能为负数",
  "error.positive": "必须大于 0",
  "error.days": "时效须在 1 到 60 天之间",
  "error.tooLarge": "数值过大",
} as const;

const en: Record<keyof typeof zh, string> = {
  "tariffs.title": "Shipping tariffs",
  "tariffs.subtitle":
    "Platform-wide prices for express, economy and cold chain. New quotes use a saved tariff at once.",
  "tariffs.save": "Save tariff",
  "tariffs.saved": "Tariff saved; new quotes use it now.",
  "tariffs.invalid": "{count} fields need fixing; the tariff was not saved.",
  "tariffs.changed": "Last changed by {by}, {at} (Beijing time)",
  "tariffs.default": "Default tariff, never edited",
  "tariffs.rules":
    "The first price covers the first 1 kg; each further 1 kg or part of it costs the step price. Chargeable weight is the larger of actual and volumetric weight (L × W × H ÷ divisor).",
  "tariffs.zones": "Zones",
  "service.express": "Express",
  "service.economy": "Economy",
  "service.cold_chain": "Cold chain",
  "zone.local": "Local",
  "zone.regional": "Regional",
  "zone.national": "National",
  "zone.remote": "Remote",
  "field.served": "{zone}: served",
  "field.first": "First kg (¥)",
  "field.step": "Each further kg (¥)",
  "field.days": "Transit (days)",
  "field.maxParcel": "Max parcel weight (g)",
  "field.divisor": "Volumetric divisor",
  "field.notServed": "Not served",
  "error.required": "Required",
  "error.number": "Enter a number",
  "error.format": "Enter an amount such as 12 or 12.50",
  "error.whole": "Enter a whole number",
  "error.negative": "Prices cannot be negative",
  "error.positive": "Must be more than 0",
  "error.days": "Transit must be 1 to 60 days",
  "error.tooLarge": "Too large",
};

export type ShippingMessageKey = keyof typeof zh;
export const shippingMessages = { zh, en };

export function shippingTranslator(locale: Locale) {
  return makeTranslator(shippingMessages, locale);
}
