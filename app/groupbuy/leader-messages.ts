import { formatDateTime } from "../lib/dates";
import { makeTranslator, type Locale } from "../lib/i18n";

/* The leader console's words (/leader), in both languages. */
const zh = {
  "leader.title": "团长工作台",
  "leader.point": "自提点",
  "leader.hours": "营业时间：{hours}",
  "leader.switchPoint": "切换自提点",
  "leader.code.label": "输入取货码",
  "leader.code.hint": "顾客出示的 6 位数字取货码",
  "leader.code.submit": "确认取货",
  "leader.collected": "已取货：{name}，{pack} × {quantity}（订单 {order}）",
  "leader.error.codeFormat": "取货码是 6 位数字，请核对后再输入。",
  "leader.error.notFound": "本自提点没有这个取货码（可能是其他自提点的，或输错了）。",
  "leader.error.alreadyCollected": "这个取货码已于 {time} 由 {who} 确认取货，不能重复取货。",
  "leader.error.notCollectable": "这笔订单已退款或取消，不能取货。",
  "leader.error.search": "请输入取货码或手机号后 4 位（只填数字）。",
  "leader.search.label": "搜索待取货",
  "leader.search.placeholder": "取货码或手机尾号",
  "leader.search.submit": "搜索",
  "leader.search.clear": "清除",
  "leader.toCollect": "待取货（{count}）",
  "leader.toCollectEmpty": "没有待取货的订单。",
  "leader.toCollectNone": "没有符合的待取货订单。",
  "leader.collectedToday": "今天已取货（{count}）",
  "leader.collectedTodayEmpty": "今天还没有人取货。",
  "leader.row.code": "取货码",
  "leader.row.order": "订单 {code}",
  "leader.row.at": "{time} 取货",
  "leader.commission": "我的佣金",
  "leader.commissionHelp":
    "按已取货、未退款的商品金额计算：部分退款的订单只算未退的部分，全额退款的不算。",
  "leader.commissionEmpty": "还没有已取货的订单，取货后这里显示佣金。",
  "leader.commission.deal": "{pack} · {point}",
  "leader.commission.detail": "{orders} 单 {units} 箱 · 计佣 {counted} × {rate}",
  "leader.commission.total": "合计",
  "leader.forbidden.title": "团长工作台只对自提点团长开放",
  "leader.forbidden.body":
    "这个账号没有负责任何正在使用的自提点。如果你是团长，请让合作社在自提点里填写你注册用的邮箱。",
  "leader.forbidden.admin": "去管理后台",
  "leader.forbidden.host": "去主播控制台",
  "leader.forbidden.account": "去我的账号",
  "leader.error.title": "出错了",
  "leader.error.body": "页面暂时打不开，请稍后再试。",
  "leader.error.back": "返回团长工作台",
  "leader.account.title": "我负责的自提点",
  "leader.account.open": "打开团长工作台",
};

export type LeaderMessageKey = keyof typeof zh;

const en: Record<LeaderMessageKey, string> = {
  "leader.title": "Pickup point console",
  "leader.point": "Pickup point",
  "leader.hours": "Opening hours: {hours}",
  "leader.switchPoint": "Switch pickup point",
  "leader.code.label": "Enter pickup code",
  "leader.code.hint": "The 6-digit pickup code the shopper shows you",
  "leader.code.submit": "Hand out",
  "leader.collected": "Collected: {name}, {pack} × {quantity} (order {order})",
  "leader.error.codeFormat": "A pickup code is 6 digits. Check it and try again.",
  "leader.error.notFound":
    "No such pickup code at this point (it may be another point's, or mistyped).",
  "leader.error.alreadyCollected":
    "This code was already collected at {time} by {who}; it cannot be collected twice.",
  "leader.error.notCollectable": "This order was refunded or cancelled; do not hand it out.",
  "leader.error.search": "Enter a pickup code or the last 4 digits of a mobile (digits only).",
  "leader.search.label": "Search orders to hand out",
  "leader.search.placeholder": "Pickup code or mobile's last 4",
  "leader.search.submit": "Search",
  "leader.search.clear": "Clear",
  "leader.toCollect": "To hand out ({count})",
  "leader.toCollectEmpty": "Nothing to hand out.",
  "leader.toCollectNone": "No order to hand out matches.",
  "leader.collectedToday": "Collected today ({count})",
  "leader.collectedTodayEmpty": "Nobody has collected today yet.",
  "leader.row.code": "Pickup code",
  "leader.row.order": "Order {code}",
  "leader.row.at": "collected {time}",
  "leader.commission": "My commission",
  "leader.commissionHelp":
    "On the items of orders collected and not refunded: a partly refunded order counts what was not refunded, a fully refunded one nothing.",
  "leader.commissionEmpty": "No orders collected yet; your commission shows here once they are.",
  "leader.commission.deal": "{pack} · {point}",
  "leader.commission.detail": "{orders} orders, {units} packs · {counted} × {rate}",
  "leader.commission.total": "Total",
  "leader.forbidden.title": "This console is for pickup point leaders",
  "leader.forbidden.body":
    "This account leads no active pickup point. If you are a leader, ask the cooperative to put the email you signed up with on the pickup point.",
  "leader.forbidden.admin": "Go to the admin",
  "leader.forbidden.host": "Go to the host console",
  "leader.forbidden.account": "Go to my account",
  "leader.error.title": "Something went wrong",
  "leader.error.body": "The page could not be shown. Please try again shortly.",
  "leader.error.back": "Back to the console",
  "leader.account.title": "Pickup points I lead",
  "leader.account.open": "Open the pickup point console",
};

export const leaderMessages: Record<Locale, Record<LeaderMessageKey, string>> = { zh, en };
export const leaderTranslator = (locale: Locale) => makeTranslator(leaderMessages, locale);

/** A time on the leader's pages, in Beijing time (where the points are). */
export function leaderTime(iso: string | Date, locale: Locale): string {
  return formatDateTime(iso, locale);
}
