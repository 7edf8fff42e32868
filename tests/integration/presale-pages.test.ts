import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notifications, orders } from "../../db/orders-schema";
import { presaleOrders } from "../../db/presale-schema";
import { offers } from "../../db/schema";
import { checkoutFormFields, newSubmitKey } from "../factories/orders";
import { orderStatus, preorder, presaleRow, presaleWorld } from "../factories/presale-world";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { runDueJobs } from "~/jobs/queue.server";
import { db } from "~/lib/db.server";
import { grantOrderAccess } from "~/orders/order-access.server";
import { releaseHarvest } from "~/presale/release.server";
import { invalidateTariff } from "~/shipping/tariffs.server";
import * as checkout from "~/routes/_store.presale.$offerId";
import * as choicePage from "~/routes/_store.presale.choice.$token";
import * as orderPage from "~/routes/_store.orders.$orderId";

withTestDatabase();

const ordersCount = async () => (await db().select({ n: count() }).from(orders))[0]!.n;

async function drain() {
  while ((await runDueJobs({ workerId: "t", limit: 50 })).ran > 0);
}

/** An order the release could not fill: short (an earlier order took the pack), or offered the pack. */
async function shortOrder({ offered = false } = {}) {
  const w = await presaleWorld();
  if (!offered) await preorder(w, { quantity: 1 });
  const orderId = await preorder(w, { quantity: 2 });
  await releaseHarvest({
    cooperativeId: w.cooperativeId,
    offerId: w.offerId,
    harvestBatchId: w.batchId,
    packs: 1,
    harvestedKg: 5,
    actor: "owner",
  });
  await drain();
  const [msg] = await db().select().from(notifications).where(eq(notifications.orderId, orderId));
  const all = await db().select().from(notifications).where(eq(notifications.orderId, orderId));
  const short = all.find((n) => n.kind === (offered ? "presale_offered" : "presale_short")) ?? msg!;
  const token = /\/presale\/choice\/([A-Za-z0-9_-]+)/.exec(short.body)![1]!;
  return { w, orderId, token };
}

describe("the pre-order checkout /presale/:offerId", () => {
  it("shows the deposit and the balance once a province is chosen", async () => {
    const w = await presaleWorld({ depositKind: "fixed", depositValue: 1_500 });
    const url = `http://localhost/presale/${w.offerId}`;
    const blank = await callRoute<{ split: unknown }>(checkout.loader, {
      url,
      params: { offerId: w.offerId },
    });
    expect(blank.status).toBe(200);
    expect(blank.data.split).toBeNull();
    const priced = await callRoute<{
      split: { depositFen: number; balanceFen: number };
      plan: { totalFen: number };
    }>(checkout.loader, { url: `${url}?province=11&quantity=2`, params: { offerId: w.offerId } });
    expect(priced.data.split.depositFen).toBe(3_000);
    expect(priced.data.split.depositFen + priced.data.split.balanceFen).toBe(
      priced.data.plan.totalFen,
    );
  });

  it("is a 404 for an offer that is not a presale, or none", async () => {
    const w = await presaleWorld();
    const [standard] = await db().select().from(offers).where(eq(offers.kind, "standard"));
    for (const offerId of [standard!.id, "ofr_nothing", "../../etc"]) {
      const r = await callRoute(checkout.loader, {
        url: `http://localhost/presale/x`,
        params: { offerId },
      });
      expect(r.status).toBe(404);
    }
    expect(w.offerId).toBeTruthy();
  });

  it("places the order and sends the guest to pay the deposit; bad input changes nothing", async () => {
    const w = await presaleWorld();
    const url = `http://localhost/presale/${w.offerId}`;
    const before = await ordersCount();
    for (const quantity of ["0", "21", "abc", "1.5"]) {
      const bad = await callRoute(checkout.action, {
        method: "POST",
        url,
        params: { offerId: w.offerId },
        form: { ...checkoutFormFields(newSubmitKey()), quantity },
      });
      expect(bad.status).toBe(422);
    }
    const noAddress = await callRoute(checkout.action, {
      method: "POST",
      url,
      params: { offerId: w.offerId },
      form: { ...checkoutFormFields(newSubmitKey()), quantity: "1", province: "99" },
    });
    expect(noAddress.status).toBe(422);
    expect(await ordersCount()).toBe(before);
    const ok = await callRoute(checkout.action, {
      method: "POST",
      url,
      params: { offerId: w.offerId },
      form: { ...checkoutFormFields(newSubmitKey()), quantity: "3" },
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toMatch(/^\/pay\/pay_/);
    const [row] = await db().select().from(presaleOrders);
    expect(row).toMatchObject({ quantity: 3, state: "pending" });
    expect(await orderStatus(row!.orderId)).toBe("pending_payment");
  });
});

describe("the short-harvest choice", () => {
  it("the link shows the choice, takes one answer, then says it was used; nonsense is refused", async () => {
    const { orderId, token } = await shortOrder();
    const url = `http://localhost/presale/choice/${token}`;
    const page = await callRoute<{ view: { ok: boolean } }>(choicePage.loader, {
      url,
      params: { token },
    });
    expect(page.status).toBe(200);
    const bogus = await callRoute(choicePage.action, {
      method: "POST",
      url,
      params: { token },
      form: { choice: "both" },
    });
    expect(bogus.status).toBe(422);
    expect((await presaleRow(orderId)).state).toBe("short");
    const wait = await callRoute(choicePage.action, {
      method: "POST",
      url,
      params: { token },
      form: { choice: "wait" },
    });
    expect(wait.status).toBe(200);
    expect((await presaleRow(orderId)).state).toBe("waiting");
    const again = await callRoute(choicePage.action, {
      method: "POST",
      url,
      params: { token },
      form: { choice: "cancel" },
    });
    expect(again.status).toBe(410);
    expect((await presaleRow(orderId)).state).toBe("waiting");
    const unknown = await callRoute(choicePage.loader, {
      url: "http://localhost/presale/choice/nope",
      params: { token: "not-a-token-at-all-but-long" },
    });
    expect(unknown.status).toBe(404);
  });

  it("an offered order's link shows the packs it can have now and what they leave to pay; taking them charges and ships them", async () => {
    const { orderId, token } = await shortOrder({ offered: true });
    const url = `http://localhost/presale/choice/${token}`;
    const page = await callRoute<{
      view: { ok: true; offer: { packs: number; balanceFen: number; refundFen: number } };
    }>(choicePage.loader, { url, params: { token } });
    expect(page.status).toBe(200);
    expect(page.data.view.offer).toMatchObject({ packs: 1, refundFen: 0 });
    expect(page.data.view.offer.balanceFen).toBeGreaterThan(0);
    const took = await callRoute<{ ok: true; choice: string; packs: number }>(choicePage.action, {
      method: "POST",
      url,
      params: { token },
      form: { choice: "partial" },
    });
    expect(took.status).toBe(200);
    expect(took.data).toMatchObject({ ok: true, choice: "partial", packs: 1 });
    await drain();
    expect(await presaleRow(orderId)).toMatchObject({
      state: "paid",
      quantity: 1,
      balanceFen: page.data.view.offer.balanceFen,
    });
    expect(await orderStatus(orderId)).toMatch(/paid|fulfilling/);
  });

  it("an offered order's page loads with the tariff cache cold and its totals say what is paid and still due", async () => {
    const { orderId } = await shortOrder({ offered: true });
    const header = await grantOrderAccess(new Request("http://localhost/"), orderId);
    const cookie = header.split(";")[0]!;
    // The offer's quote runs in a transaction: a tariff read outside it waited for it for ever on PGlite.
    invalidateTariff();
    const view = await callRoute<{
      presale: { state: string; depositFen: number; offer: { packs: number } };
      order: { totalFen: number; paidFen: number };
    }>(orderPage.loader, {
      url: `http://localhost/orders/${orderId}`,
      params: { orderId },
      cookie,
    });
    expect(view.status).toBe(200);
    expect(view.data.presale).toMatchObject({ state: "offered", offer: { packs: 1 } });
    // Only the deposit is in: the page shows it beside the whole order's total.
    expect(view.data.order.paidFen).toBe(view.data.presale.depositFen);
    expect(view.data.order.paidFen).toBeLessThan(view.data.order.totalFen);
  });

  it("the order page offers the same choice to whoever may see the order", async () => {
    const { orderId } = await shortOrder();
    const header = await grantOrderAccess(new Request("http://localhost/"), orderId);
    const cookie = header.split(";")[0]!;
    const view = await callRoute<{ presale: { state: string; place: number } }>(orderPage.loader, {
      url: `http://localhost/orders/${orderId}`,
      params: { orderId },
      cookie,
    });
    expect(view.data.presale).toMatchObject({ state: "short", place: 1 });
    const stranger = await callRoute(orderPage.action, {
      method: "POST",
      url: `http://localhost/orders/${orderId}`,
      params: { orderId },
      form: { intent: "presale_choice", choice: "cancel" },
    });
    expect(stranger.status).toBe(404);
    const chosen = await callRoute(orderPage.action, {
      method: "POST",
      url: `http://localhost/orders/${orderId}`,
      params: { orderId },
      cookie,
      form: { intent: "presale_choice", choice: "cancel" },
    });
    expect(chosen.status).toBe(302);
    expect(await orderStatus(orderId)).toBe("cancelled");
    const twice = await callRoute(orderPage.action, {
      method: "POST",
      url: `http://localhost/orders/${orderId}`,
      params: { orderId },
      cookie,
      form: { intent: "presale_choice", choice: "wait" },
    });
    expect(twice.status).toBe(409);
  });
});
