import { describe, expect, it } from "vitest";
import { ORDER_STATUSES, type OrderStatus } from "../../db/orders-schema";
import { canTransition, isTerminal, ORDER_TRANSITIONS, predecessorsOf } from "~/orders/state";

const ALLOWED: Array<[OrderStatus, OrderStatus]> = [
  ["pending_payment", "paid"],
  ["pending_payment", "cancelled"],
  ["pending_payment", "deposit_paid"],
  ["deposit_paid", "paid"],
  ["deposit_paid", "cancelled"],
  ["pending_payment", "payment_held"],
  ["payment_held", "paid"],
  ["payment_held", "cancelled"],
  ["paid", "fulfilling"],
  ["paid", "cancelled"],
  ["paid", "refunded"],
  ["fulfilling", "shipped"],
  ["fulfilling", "cancelled"],
  ["fulfilling", "refunded"],
  ["shipped", "delivered"],
  ["shipped", "refunded"],
  ["delivered", "refunded"],
];

describe("order state machine", () => {
  it.each(ALLOWED)("allows %s → %s", (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it("allows exactly the listed transitions and nothing else", () => {
    const all = ORDER_STATUSES.flatMap((from) =>
      ORDER_STATUSES.map((to) => [from, to] as [OrderStatus, OrderStatus]),
    );
    const allowed = all.filter(([from, to]) => canTransition(from, to));
    expect(allowed.sort()).toEqual([...ALLOWED].sort());
  });

  it.each([
    ["pending_payment", "shipped"],
    ["pending_payment", "refunded"],
    ["paid", "pending_payment"],
    ["paid", "paid"],
    ["fulfilling", "paid"],
    ["shipped", "cancelled"],
    ["delivered", "shipped"],
    ["cancelled", "paid"],
    ["refunded", "paid"],
    ["cancelled", "refunded"],
  ] as Array<[OrderStatus, OrderStatus]>)("refuses %s → %s", (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it("has terminal cancelled and refunded only", () => {
    expect(ORDER_STATUSES.filter(isTerminal)).toEqual(["cancelled", "refunded"]);
  });

  it("lists the predecessors each target status may be reached from", () => {
    expect(predecessorsOf("paid")).toEqual(["pending_payment", "deposit_paid", "payment_held"]);
    expect(predecessorsOf("deposit_paid")).toEqual(["pending_payment"]);
    expect(predecessorsOf("cancelled")).toEqual([
      "pending_payment",
      "deposit_paid",
      "payment_held",
      "paid",
      "fulfilling",
    ]);
    expect(predecessorsOf("refunded")).toEqual(["paid", "fulfilling", "shipped", "delivered"]);
    expect(predecessorsOf("pending_payment")).toEqual([]);
    // Every status appears as a key, so a new status cannot be forgotten.
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
  });
});
