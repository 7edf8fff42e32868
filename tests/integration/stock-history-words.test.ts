import { describe, expect, it } from "vitest";
import { groupbuyWorld, joinAndPay } from "../factories/groupbuy";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { adjustStock } from "~/inventory/stock.server";
import { standardOffers } from "~/offers/offers.server";
import { placeOrder } from "~/orders/place-order.server";
import { BEIJING, newSubmitKey } from "../factories/orders";
import { loader } from "~/routes/admin.stock.$variantId";

/*
 * The stock history in plain words (issue 15): what each change was for, with the order's code
 * and who did it by name, never an internal id.
 */

withTestDatabase();

type History = {
  history: {
    orderCode: string | null;
    offerKind: string | null;
    actorName: string | null;
    actor: string;
    reason: string;
  }[];
};

describe("a pack's stock history", () => {
  it("names the order by its code, the offer by its kind and the owner by name", async () => {
    const w = await groupbuyWorld();
    const owner = await signedInUser({
      name: "刘建国",
      memberOf: [{ cooperativeId: w.world.coopA.id, role: "owner" }],
    });
    await adjustStock({
      variantId: w.variantId,
      delta: 5,
      reason: "新采摘入库",
      actor: owner.user.id,
    });
    await joinAndPay(w, { quantity: 2 });
    // An order on the pack itself (not a deal's pool): held in the pack's own stock.
    const offerId = (await standardOffers({ variantIds: [w.variantId] })).get(w.variantId)!;
    const placed = await placeOrder({
      source: { ref: null, takeLines: async () => [{ offerId, quantity: 1 }] },
      submitKey: newSubmitKey(),
      contact: { email: "buyer@example.com" },
      address: BEIJING,
      ambientService: "express",
      channel: "standard",
      hold: { minutes: 30 },
    });
    if (!placed.ok) throw new Error(placed.message);
    const page = await callRoute<History>(loader, {
      url: `http://localhost/admin/stock/${w.variantId}`,
      params: { variantId: w.variantId },
      cookie: owner.cookie,
    });
    const h = page.data.history;
    expect(h.find((e) => e.reason === "新采摘入库")).toMatchObject({ actorName: "刘建国" });
    expect(h.find((e) => e.reason === "offer_drawn")).toMatchObject({ offerKind: "groupbuy" });
    expect(h.find((e) => e.reason === "reserved")).toMatchObject({
      orderCode: placed.code,
      actor: "shopper",
    });
  });
});
