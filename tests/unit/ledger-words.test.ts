import { describe, expect, it } from "vitest";
import { ledgerWho, ledgerWhy, type LedgerFacts } from "~/inventory/ledger-words";
import { inventoryTranslator } from "~/inventory/messages";

const zh = inventoryTranslator("zh");
const en = inventoryTranslator("en");
const fact = (f: Partial<LedgerFacts>): LedgerFacts => ({
  reason: "reserved",
  actor: "shopper",
  ref: null,
  orderCode: null,
  offerKind: null,
  actorName: null,
  ...f,
});

describe("a stock change in plain words", () => {
  it("names the order by its code and the offer by its kind", () => {
    const order = { ref: "ord_abc", orderCode: "HLABC12345" };
    expect(ledgerWhy(fact({ ...order }), zh)).toBe("订单 HLABC12345 下单，等待付款");
    expect(ledgerWhy(fact({ ...order, reason: "sold" }), en)).toBe("Sold in order HLABC12345");
    expect(ledgerWhy(fact({ ...order, reason: "expired" }), zh)).toBe(
      "订单 HLABC12345 未成交，放回",
    );
    expect(ledgerWhy(fact({ ...order, reason: "part cancelled: 糖度不够" }), zh)).toBe(
      "订单 HLABC12345 取消，放回：糖度不够",
    );
    expect(
      ledgerWhy(fact({ reason: "offer_drawn", ref: "ofr_x", offerKind: "groupbuy" }), zh),
    ).toBe("划给团购活动");
    expect(ledgerWhy(fact({ reason: "claim_expired", ref: "clm_x" }), en)).toBe(
      "Flash-sale claim not paid: returned",
    );
    expect(ledgerWhy(fact({ reason: "initial stock" }), en)).toBe("Initial stock");
    // The owner's own words stay theirs.
    expect(ledgerWhy(fact({ reason: "新采摘入库" }), zh)).toBe("新采摘入库");
  });

  it("names who did it: an account by name, the rest by what they are, never an id", () => {
    expect(ledgerWho(fact({ actor: "usr_1", actorName: "刘建国" }), zh)).toBe("刘建国");
    expect(ledgerWho(fact({ actor: "usr_gone" }), en)).toBe("A deleted account");
    expect(ledgerWho(fact({ actor: "shopper" }), zh)).toBe("顾客");
    expect(ledgerWho(fact({ actor: "simulated" }), zh)).toBe("支付");
    expect(ledgerWho(fact({ actor: "job:groupbuy_settle" }), en)).toBe("System");
  });
});
