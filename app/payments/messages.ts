import { makeTranslator, type Locale } from "~/lib/i18n";
import type { CardOutcome } from "./test-cards";

// The payment page's strings; the storefront's shared strings stay in app/lib/i18n.ts.
const zh = {
  "pay.title": "支付订单",
  "pay.order": "订单号",
  "pay.amount": "应付金额",
  "pay.holdLeft": "库存为你保留至 {time}（还剩约 {minutes} 分钟），请在此之前完成支付。",
  "pay.holdLeftSoon": "库存保留即将到期（不到 1 分钟），请尽快完成支付。",
  "pay.simulatedNote": "这是测试支付页面，不会真实扣款。请使用下面列出的测试卡号。",
  "pay.testCards": "测试卡号",
  "pay.testCardsHint":
    "有效期填任意未来月份，安全码填任意 3 位数字。其他卡号在测试模式下一律不接受。",
  "pay.outcome.succeeded": "支付成功",
  "pay.outcome.declined": "被拒绝",
  "pay.outcome.insufficient_funds": "余额不足",
  "pay.outcome.processing_error": "处理出错",
  "pay.later.succeeded": "保存后，以后自动扣款成功",
  "pay.later.authentication_required": "保存后，以后自动扣款需要持卡人验证",
  "pay.later.declined": "保存后，以后自动扣款被拒绝",
  "pay.savesCard": "支付定金时会保存这张卡：收获发货前，尾款将从这张卡自动扣除。",
  "pay.cardDetails": "银行卡信息",
  "pay.submit": "支付 {amount}",
  "pay.submitting": "正在支付…",
  "pay.backToOrder": "返回订单",
  "pay.alreadyPaid": "这笔订单已经支付成功，无需再次付款。",
  "pay.viewOrder": "查看订单",
  "pay.expired": "这笔订单的支付时间已过，商品不再为你保留，不能再支付。如仍需要，请重新下单。",
  "pay.cancelled": "这笔订单已取消，不能再支付。",
  "pay.superseded": "这次支付已失效，请回到订单页重新发起支付。",
  "pay.notPayable": "这笔订单目前不能支付。",
  "pay.failed.declined": "银行卡被拒绝。请换一张卡再试。",
  "pay.failed.insufficient_funds": "卡内余额不足。请换一张卡再试。",
  "pay.failed.processing_error": "处理支付时出错，没有扣款。请稍后重试。",
  "pay.failed.not_accepted": "测试模式下不接受这张卡。请使用上面列出的测试卡号。",
  "pay.formError": "请修改下面标出的内容。",
  "card.number": "卡号",
  "card.expiry": "有效期（月/年）",
  "card.cvc": "安全码（CVC）",
  "card.name": "持卡人姓名",
  "card.error.number": "卡号不正确，请检查后重新输入。",
  "card.error.expiry": "请按 月/年 填写有效期，例如 12/30。",
  "card.error.expired": "这张卡已过期。",
  "card.error.cvc": "安全码是卡背面的 3 或 4 位数字。",
  "card.error.name": "请填写持卡人姓名（最多 80 个字）。",
} as const;

export type PaymentMessageKey = keyof typeof zh;

const en: Record<PaymentMessageKey, string> = {
  "pay.title": "Pay for your order",
  "pay.order": "Order",
  "pay.amount": "Amount due",
  "pay.holdLeft":
    "Your items are held until {time} (about {minutes} min left); please pay before then.",
  "pay.holdLeftSoon": "The hold on your items ends in under a minute; please pay now.",
  "pay.simulatedNote":
    "This is a test payment page: no money moves. Use one of the test cards below.",
  "pay.testCards": "Test cards",
  "pay.testCardsHint":
    "Any future expiry date and any 3-digit CVC. Any other card number is not accepted in test mode.",
  "pay.outcome.succeeded": "succeeds",
  "pay.outcome.declined": "declined",
  "pay.outcome.insufficient_funds": "insufficient funds",
  "pay.outcome.processing_error": "processing error",
  "pay.later.succeeded": "once saved, later charges succeed",
  "pay.later.authentication_required": "once saved, later charges need authentication",
  "pay.later.declined": "once saved, later charges are declined",
  "pay.savesCard":
    "Paying the deposit saves this card: the balance is charged to it automatically before the harvest ships.",
  "pay.cardDetails": "Card details",
  "pay.submit": "Pay {amount}",
  "pay.submitting": "Paying…",
  "pay.backToOrder": "Back to the order",
  "pay.alreadyPaid": "This order is already paid; there is nothing more to pay.",
  "pay.viewOrder": "View the order",
  "pay.expired":
    "The time to pay for this order has passed; its items are no longer held and it cannot be paid. Please order again if you still want them.",
  "pay.cancelled": "This order was cancelled and can no longer be paid.",
  "pay.superseded": "This payment is no longer valid; start the payment again from the order page.",
  "pay.notPayable": "This order cannot be paid right now.",
  "pay.failed.declined": "Your card was declined. Please try another card.",
  "pay.failed.insufficient_funds": "The card has insufficient funds. Please try another card.",
  "pay.failed.processing_error":
    "An error occurred while processing the payment; nothing was charged. Please try again.",
  "pay.failed.not_accepted":
    "This card is not accepted in test mode. Use one of the test cards listed above.",
  "pay.formError": "Please fix the fields marked below.",
  "card.number": "Card number",
  "card.expiry": "Expiry (MM/YY)",
  "card.cvc": "Security code (CVC)",
  "card.name": "Name on card",
  "card.error.number": "That card number is not valid; please check it.",
  "card.error.expiry": "Enter the expiry as MM/YY, e.g. 12/30.",
  "card.error.expired": "This card has expired.",
  "card.error.cvc": "The CVC is the 3 or 4 digits on the back of the card.",
  "card.error.name": "Enter the name on the card (up to 80 characters).",
};

export function paymentsTranslator(locale: Locale) {
  return makeTranslator({ zh, en }, locale);
}

export function failureMessageKey(outcome: Exclude<CardOutcome, "succeeded">): PaymentMessageKey {
  return `pay.failed.${outcome}`;
}
