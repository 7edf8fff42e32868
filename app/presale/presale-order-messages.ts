import { makeTranslator, type Locale } from "../lib/i18n";

/** The pre-order checkout, a presale order's page, the short-harvest choice and the harvest release. */
const zh = {
  "presale.checkoutTitle": "预订",
  "presale.depositNow": "现付定金",
  "presale.orderTotal": "订单合计",
  "presale.balanceLater": "发货时付尾款",
  "presale.fullNow": "现付全款",
  "presale.harvestAround": "预计 {when} 采摘，按下单先后发货",
  "presale.quantityLabel": "数量（份）",
  "presale.submit": "付定金 {amount}",
  "presale.submitFull": "付款 {amount}",
  "presale.pickProvince": "选择收货省份后显示定金和尾款。",
  "presale.quantity": "请选择 1–20 份。",
  "presale.notFound": "找不到这个预售。",
  "presale.soldOut": "预售名额已满。",
  "presale.closed": "这个预售现在不接受预订。",
  "presale.policyTitle": "退款说明",
  "presale.shortWait": "如果收成不够：没选择的订单默认等下一批。",
  "presale.shortCancel": "如果收成不够：没选择的订单默认取消并全额退款。",
  "presale.order.title": "预售",
  "presale.order.shortTitle": "收成不够：请选择怎么处理",
  "presale.order.offeredTitle": "部分可以先发：请选择",
  "presale.order.actionNeededTitle": "请付尾款",
  "presale.order.pending": "待付定金 {deposit}。",
  "presale.order.waiting":
    "定金 {deposit} 已付，排队第 {place} 位，预计 {when} 采摘；尾款 {balance} 在发货时自动扣款。",
  "presale.order.waitingFull": "已付全款，排队第 {place} 位，预计 {when} 采摘后发货。",
  "presale.order.allocated": "已采摘，分到你的 {count} 份；正在扣尾款 {balance}。",
  "presale.order.actionNeeded":
    "果子已采摘，但尾款 {balance} 未能自动扣款。请在 {deadline} 前付款，逾期名额将让给下一位。",
  "presale.order.payBalance": "付尾款 {amount}",
  "presale.order.paid": "定金 {deposit} 和尾款 {balance} 都已付，等待合作社发货。",
  "presale.order.short":
    "这批收成不够发出你的订单。请在 {deadline} 前选择：等下一批，或取消并全额退款。",
  "presale.order.choose": "去选择",
  "presale.order.lapsed": "尾款没有在期限内付清，名额已让给下一位。",
  "presale.order.cancelled": "预订已取消，已付的钱原路退回。",
  "presale.order.cancelledRefunded": "预订已取消，{refunded} 已原路退回。",
  "presale.choice.title": "这批收成不够",
  "presale.choice.body":
    "抱歉，这批{product}不够发出订单 {code}（{count} 份）。已付定金 {deposit}。请在 {deadline} 前选择：",
  "presale.choice.wait": "等下一批",
  "presale.choice.waitHint": "保留你的排队位置，下一批采摘后按顺序发货。",
  "presale.choice.cancel": "取消并全额退款",
  "presale.choice.cancelHint": "订单取消，已付的钱全部原路退回。",
  "presale.choice.unknown": "这个链接无效。",
  "presale.choice.used": "这个订单已经做过选择（或已经发货、取消）。",
  "presale.choice.expired": "选择的期限已过，订单按预售的默认方式处理。",
  "presale.choice.waited": "好的，你会在下一批采摘后按顺序收到货。",
  "presale.choice.cancelledDone": "订单已取消，已付的钱将原路退回。",
  "presale.choice.viewOrder": "查看订单",
  "presale.choice.invalid": "请从下面选一项。",
  "presale.order.offered":
    "这批收成只够你 {packs} 份（共 {count} 份），已为你留到 {deadline}。请选择：先发这 {packs} 份、等下一批整单发，或取消并全额退款。",
  "presale.choice.offerTitle": "部分可以先发",
  "presale.choice.offerBody":
    "这批{product}只够订单 {code} 的 {packs} 份（共 {count} 份），已为你留好。已付定金 {deposit}。请在 {deadline} 前选择：",
  "presale.choice.partial": "先发 {packs} 份（共 {count} 份）",
  "presale.choice.partialHint":
    "订单改为 {packs} 份，其余 {rest} 份取消；发货时扣尾款 {balance}（运费按 {packs} 份重新计算）。",
  "presale.choice.partialRefundHint":
    "订单改为 {packs} 份，其余 {rest} 份取消；多付的 {refund} 原路退回（运费按 {packs} 份重新计算）。",
  "presale.choice.waitWholeHint": "这 {packs} 份让给下一位；你保留排队位置，下一批整单发货。",
  "presale.choice.partialDone": "好的，订单已改为 {packs} 份，付清后发货。",
  "presale.release.title": "采摘放货",
  "presale.release.help":
    "记录一批采摘：按下单先后把这批货分给已付定金的订单，自动扣尾款并生成运单；收成不够时，排不上的订单会收到选择链接。",
  "presale.release.batch": "请选择本产品的一个采摘批次。",
  "presale.release.batchLabel": "采摘批次",
  "presale.release.harvestedKgLabel": "采摘重量（公斤）",
  "presale.release.packsLabel": "放货份数",
  "presale.release.harvestedKg": "请输入大于 0 的采摘重量。",
  "presale.release.packs": "请输入 1–1,000,000 之间的份数。",
  "presale.release.aboveHarvest": "份数超出了采摘重量能装的份数。",
  "presale.release.twice": "这个批次已经放过货了。",
  "presale.release.submit": "放货",
  "presale.release.confirm": "按下单先后分配 {packs} 份并扣尾款？放货后不能撤回。",
  "presale.release.none": "还没有放过货。",
  "presale.release.progress":
    "{batch}：{packs} 份 · 已分配 {allocated} · 已扣款 {charged} · 待顾客付款 {waiting} · 失败 {failed}",
  "presale.release.allocating": "分配中",
  "presale.release.done": "完成",
  "presale.release.created": "已开始放货：{packs} 份。",
} as const;

export type PresaleOrderMessageKey = keyof typeof zh;

const en: Record<PresaleOrderMessageKey, string> = {
  "presale.checkoutTitle": "Pre-order",
  "presale.depositNow": "Deposit now",
  "presale.orderTotal": "Order total",
  "presale.balanceLater": "Balance when it ships",
  "presale.fullNow": "Paid in full now",
  "presale.harvestAround": "Harvest expected {when}; orders ship in the order they were placed",
  "presale.quantityLabel": "Quantity (packs)",
  "presale.submit": "Pay the {amount} deposit",
  "presale.submitFull": "Pay {amount}",
  "presale.pickProvince": "Choose the province to see the deposit and the balance.",
  "presale.quantity": "Choose 1–20 packs.",
  "presale.notFound": "No such presale.",
  "presale.soldOut": "This presale is fully booked.",
  "presale.closed": "This presale is not taking orders now.",
  "presale.policyTitle": "Refunds",
  "presale.shortWait":
    "If the harvest comes in short: orders that do not choose wait for the next batch.",
  "presale.shortCancel":
    "If the harvest comes in short: orders that do not choose are cancelled with a full refund.",
  "presale.order.title": "Pre-order",
  "presale.order.shortTitle": "The harvest came in short: please choose",
  "presale.order.offeredTitle": "Part of your order can ship now: please choose",
  "presale.order.actionNeededTitle": "Your balance is due",
  "presale.order.pending": "Deposit of {deposit} to pay.",
  "presale.order.waiting":
    "Deposit of {deposit} paid. You are number {place} in line; harvest expected {when}. The {balance} balance is charged when it ships.",
  "presale.order.waitingFull":
    "Paid in full. You are number {place} in line; it ships after the harvest, expected {when}.",
  "presale.order.allocated": "Harvested and set aside for you; charging the {balance} balance.",
  "presale.order.actionNeeded":
    "Your fruit is harvested, but the {balance} balance could not be charged automatically. Pay by {deadline}, or your place goes to the next in line.",
  "presale.order.payBalance": "Pay the {amount} balance",
  "presale.order.paid":
    "Deposit {deposit} and balance {balance} paid; waiting for the cooperative to ship.",
  "presale.order.short":
    "This harvest is not enough to fill your order. Choose by {deadline}: wait for the next batch, or cancel with a full refund.",
  "presale.order.choose": "Choose",
  "presale.order.lapsed": "The balance was not paid in time; the place went to the next in line.",
  "presale.order.cancelled": "Pre-order cancelled; what you paid goes back to your payment method.",
  "presale.order.cancelledRefunded":
    "Pre-order cancelled; {refunded} went back to your payment method.",
  "presale.choice.title": "This harvest came in short",
  "presale.choice.body":
    "Sorry: this batch of {product} is not enough to fill order {code} (quantity {count}). Deposit paid: {deposit}. Please choose by {deadline}:",
  "presale.choice.wait": "Wait for the next batch",
  "presale.choice.waitHint": "Keep your place in line; it ships in turn after the next harvest.",
  "presale.choice.cancel": "Cancel with a full refund",
  "presale.choice.cancelHint": "The order is cancelled and everything you paid goes back.",
  "presale.choice.unknown": "This link is not valid.",
  "presale.choice.used": "This order has already been decided (or it shipped, or was cancelled).",
  "presale.choice.expired": "The deadline to choose has passed; the presale's default applies.",
  "presale.choice.waited": "Done: your order ships in turn after the next harvest.",
  "presale.choice.cancelledDone":
    "Your order is cancelled; what you paid goes back to your payment method.",
  "presale.choice.viewOrder": "View the order",
  "presale.choice.invalid": "Choose one of the options below.",
  "presale.order.offered":
    "This harvest can fill {packs} of the {count} packs you ordered, set aside for you until {deadline}. Take what is ready now, wait for the next batch for the whole order, or cancel with a full refund.",
  "presale.choice.offerTitle": "Part of your order can ship now",
  "presale.choice.offerBody":
    "This batch of {product} can fill {packs} of the {count} packs in order {code}, set aside for you. Deposit paid: {deposit}. Please choose by {deadline}:",
  "presale.choice.partial": "Take {packs} of {count} now",
  "presale.choice.partialHint":
    "Your order goes from {count} packs to {packs}; a {balance} balance is charged when it ships (shipping quoted again).",
  "presale.choice.partialRefundHint":
    "Your order goes from {count} packs to {packs}; the {refund} paid beyond that goes back (shipping quoted again).",
  "presale.choice.waitWholeHint":
    "What is set aside goes to the next in line; you keep your place and the whole order ships after the next harvest.",
  "presale.choice.partialDone":
    "Done: the packs set aside for you ({packs}) ship once paid in full.",
  "presale.release.title": "Harvest release",
  "presale.release.help":
    "Record a harvest: its packs go to the orders with paid deposits, strictly in the order they were placed; balances are charged and shipments created. If it comes in short, the orders it cannot fill get a choice link.",
  "presale.release.batch": "Choose a harvest batch of this product.",
  "presale.release.batchLabel": "Harvest batch",
  "presale.release.harvestedKgLabel": "Harvested weight (kg)",
  "presale.release.packsLabel": "Packs to release",
  "presale.release.harvestedKg": "Enter a harvested weight above 0.",
  "presale.release.packs": "Enter 1 to 1,000,000 packs.",
  "presale.release.aboveHarvest": "More packs than the harvested weight fills.",
  "presale.release.twice": "This batch has already been released.",
  "presale.release.submit": "Release",
  "presale.release.confirm":
    "Allocate {packs} packs in order of purchase and charge the balances? A release cannot be undone.",
  "presale.release.none": "Nothing released yet.",
  "presale.release.progress":
    "{batch}: {packs} packs · allocated {allocated} · charged {charged} · waiting for the shopper {waiting} · failed {failed}",
  "presale.release.allocating": "allocating",
  "presale.release.done": "done",
  "presale.release.created": "Release started: {packs} packs.",
};

export const presaleOrderMessages = { zh, en } as Record<
  Locale,
  Record<PresaleOrderMessageKey, string>
>;
export const presaleOrderTranslator = (locale: Locale) =>
  makeTranslator(presaleOrderMessages, locale);
