import type { Locale } from "../lib/i18n";
import { groupbuyMessages, type GroupbuyMessageKey } from "./groupbuy-messages";

/* The owner's deal page, settled: results, consolidated parcels per point, who is owed what. */
const zh = {
  "groupbuy.settle.title": "结算结果",
  "groupbuy.settle.notYet":
    "截止后自动结算：成团则按达到的档位价扣款并发货到各自提点，未成团全部退款。",
  "groupbuy.settle.reached": "成团数量",
  "groupbuy.settle.price": "成交价（每箱）",
  "groupbuy.settle.failedPrice": "未成团，未扣款",
  "groupbuy.settle.captured": "已扣款",
  "groupbuy.settle.voided": "已解冻/退款",
  "groupbuy.settle.cancelled": "未付款取消",
  "groupbuy.settle.at": "结算于 {time}",
  "groupbuy.settle.points": "自提点发货与取货",
  "groupbuy.settle.col.point": "自提点",
  "groupbuy.settle.col.parcels": "合并发货单号",
  "groupbuy.settle.col.collected": "已取货",
  "groupbuy.settle.col.toCollect": "待取货",
  "groupbuy.settle.col.commission": "团长佣金",
  "groupbuy.settle.orders": "{orders} 单 / {units} 箱",
  "groupbuy.settle.label": "面单",
  "groupbuy.settle.noParcels": "—",
  "groupbuy.settle.leader": "团长 {name} · {rate}",
  "groupbuy.settle.owed": "应付款项",
  "groupbuy.settle.owedHelp":
    "按已扣款订单计算：货款减平台服务费（下单时的费率）、退款、团长佣金（已取货且未退款部分）和合并发货运费。",
  "groupbuy.settle.items": "已扣款货款",
  "groupbuy.settle.fee": "平台服务费",
  "groupbuy.settle.refunded": "已退款",
  "groupbuy.settle.commissions": "团长佣金",
  "groupbuy.settle.freight": "合并发货运费",
  "groupbuy.settle.cooperative": "应付合作社",
  "groupbuy.settle.toLeader": "应付团长 {name}（{point}）",
};

export type SettlementMessageKey = keyof typeof zh;

const en: Record<SettlementMessageKey, string> = {
  "groupbuy.settle.title": "Settlement",
  "groupbuy.settle.notYet":
    "Settles by itself at the deadline: if the group succeeds, every hold is captured at the reached tier's price and the packs ship to the pickup points; if not, everyone is refunded.",
  "groupbuy.settle.reached": "Packs reached",
  "groupbuy.settle.price": "Price charged (per pack)",
  "groupbuy.settle.failedPrice": "Not reached, nothing charged",
  "groupbuy.settle.captured": "Captured",
  "groupbuy.settle.voided": "Released / refunded",
  "groupbuy.settle.cancelled": "Cancelled unpaid",
  "groupbuy.settle.at": "Settled {time}",
  "groupbuy.settle.points": "Pickup points: shipped and collected",
  "groupbuy.settle.col.point": "Pickup point",
  "groupbuy.settle.col.parcels": "Consolidated parcels",
  "groupbuy.settle.col.collected": "Collected",
  "groupbuy.settle.col.toCollect": "To collect",
  "groupbuy.settle.col.commission": "Leader's commission",
  "groupbuy.settle.orders": "{orders} orders / {units} packs",
  "groupbuy.settle.label": "label",
  "groupbuy.settle.noParcels": "—",
  "groupbuy.settle.leader": "Leader {name} · {rate}",
  "groupbuy.settle.owed": "Amounts owed",
  "groupbuy.settle.owedHelp":
    "Over the captured orders: items less the platform fee (at each order's rate), refunds, the leaders' commissions (on collected, not refunded orders) and the consolidated freight.",
  "groupbuy.settle.items": "Captured items",
  "groupbuy.settle.fee": "Platform fee",
  "groupbuy.settle.refunded": "Refunded",
  "groupbuy.settle.commissions": "Leaders' commissions",
  "groupbuy.settle.freight": "Consolidated freight",
  "groupbuy.settle.cooperative": "Owed to the cooperative",
  "groupbuy.settle.toLeader": "Owed to leader {name} ({point})",
};

/** The deal page's dictionary: the group-buy words and the settlement's. */
export const dealPageMessages: Record<
  Locale,
  Record<GroupbuyMessageKey | SettlementMessageKey, string>
> = {
  zh: { ...groupbuyMessages.zh, ...zh },
  en: { ...groupbuyMessages.en, ...en },
};
