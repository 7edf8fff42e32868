import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { presaleTerms } from "../../db/presale-schema";
import { inventoryLevels, offerLevels, offers } from "../../db/schema";
import { twoCooperatives } from "../factories/admin-world";
import { createPresaleOffer, createPresaleOrder, presaleSnapshot } from "../factories/presale";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { offerInvariant } from "~/inventory/offer-pools.server";
import { db } from "~/lib/db.server";
import { beijingInput } from "~/presale/schemas";
import * as listRoute from "~/routes/admin.presales._index";
import * as detailRoute from "~/routes/admin.presales.$offerId";
import * as csvRoute from "~/routes/admin.presales.$offerId.orders[.]csv";
import * as newRoute from "~/routes/admin.presales.new";

withTestDatabase();

type Fn = Parameters<typeof callRoute>[0];
type Errors = { errors: Record<string, string>; committed?: number; saved?: boolean };
const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A valid new-presale form for `variantId`, as the owner types it. */
function form(variantId: string, overrides: Record<string, string> = {}) {
  const now = Date.now();
  return {
    intent: "create",
    variantId,
    priceFen: "68.00",
    depositKind: "fixed",
    depositFixed: "20",
    depositPercent: "",
    cap: "500",
    startsAt: beijingInput(new Date(now - 60_000)),
    endsAt: beijingInput(new Date(now + 20 * DAY)),
    harvestFrom: day(now + 30 * DAY),
    harvestTo: day(now + 40 * DAY),
    shortDefault: "wait",
    policyZh: "采收前可取消，全额退款。",
    policyEn: "Cancel before the harvest for a full refund.",
    deadlineHours: "",
    ...overrides,
  };
}

const create = (cookie: string, values: Record<string, string>) =>
  callRoute<Errors>(newRoute.action as Fn, {
    url: "http://localhost/admin/presales/new",
    method: "POST",
    cookie,
    form: values,
  });
const edit = (cookie: string, offerId: string, values: Record<string, string>) =>
  callRoute<Errors>(detailRoute.action as Fn, {
    url: `http://localhost/admin/presales/${offerId}`,
    method: "POST",
    cookie,
    params: { offerId },
    form: { ...values, intent: "update", offerId },
  });
type ListData = Awaited<ReturnType<typeof listRoute.loader>>;
type DetailData = Awaited<ReturnType<typeof detailRoute.loader>>;
const list = (cookie: string) =>
  callRoute<ListData>(listRoute.loader as Fn, { url: "http://localhost/admin/presales", cookie });
const detail = (cookie: string, offerId: string) =>
  callRoute<DetailData>(detailRoute.loader as Fn, {
    url: `http://localhost/admin/presales/${offerId}`,
    cookie,
    params: { offerId },
  });
const csv = (cookie: string, offerId: string) =>
  callRoute<string>(csvRoute.loader as Fn, {
    url: `http://localhost/admin/presales/${offerId}/orders.csv`,
    cookie,
    params: { offerId },
  });
const levels = () => db().select().from(inventoryLevels).orderBy(inventoryLevels.variantId);

describe("/admin/presales/new", () => {
  it("creates a presale: offer, terms and a pool of the cap, the pack's stock untouched", async () => {
    const { a, owner } = await twoCooperatives();
    const stockBefore = await levels();
    const res = await create(owner.cookie, form(a.variants[0]!.id));
    expect(res.status).toBe(302);
    const offerId = /\/admin\/presales\/(ofr_\w+)\?created=1$/.exec(
      res.headers.get("Location") ?? "",
    )?.[1];
    expect(offerId).toBeDefined();
    const [offer] = await db().select().from(offers).where(eq(offers.id, offerId!));
    expect(offer).toMatchObject({ kind: "presale", priceFen: 6_800, cap: 500, status: "active" });
    const [terms] = await db()
      .select()
      .from(presaleTerms)
      .where(eq(presaleTerms.offerId, offerId!));
    expect(terms).toMatchObject({
      cooperativeId: a.cooperativeId,
      depositKind: "fixed",
      depositValue: 2_000,
      shortDefault: "wait",
      deadlineHours: 48,
      createdBy: owner.user.id,
    });
    expect((await offerInvariant({ offerId: offerId! })).level).toEqual({
      cap: 500,
      available: 500,
      reserved: 0,
      sold: 0,
    });
    expect(await levels()).toEqual(stockBefore);

    const page = await list(owner.cookie);
    expect(page.data.presales).toMatchObject([
      { offerId, priceFen: 6_800, cap: 500, ordered: 0, depositsFen: 0, phase: "open" },
    ]);
  });

  it("refuses bad terms by the field with 422, and creates nothing", async () => {
    const { a, b, owner } = await twoCooperatives();
    const v = a.variants[0]!.id;
    const now = Date.now();
    const cases: [Record<string, string>, string, string][] = [
      [{ depositFixed: "68.01" }, "depositFixed", "presale.admin.error.depositAbovePrice"],
      [{ depositFixed: "" }, "depositFixed", "presale.admin.error.depositFixed"],
      [
        { depositKind: "percent", depositPercent: "100" },
        "depositPercent",
        "presale.admin.error.depositPercent",
      ],
      [
        { depositKind: "percent", depositPercent: "0" },
        "depositPercent",
        "presale.admin.error.depositPercent",
      ],
      [{ depositKind: "half" }, "depositKind", "presale.admin.error.depositKind"],
      [{ priceFen: "-1" }, "priceFen", "presale.admin.error.price"],
      [{ cap: "0" }, "cap", "presale.admin.error.cap"],
      [
        { endsAt: beijingInput(new Date(now - 120_000)) },
        "endsAt",
        "presale.admin.error.endsBeforeStart",
      ],
      [{ harvestTo: day(now + 29 * DAY) }, "harvestTo", "presale.admin.error.harvestOrder"],
      [
        { harvestFrom: day(now - 2 * DAY) },
        "harvestFrom",
        "presale.admin.error.harvestBeforeSales",
      ],
      [{ harvestFrom: "2026-02-30" }, "harvestFrom", "presale.admin.error.date"],
      [{ startsAt: "tomorrow" }, "startsAt", "presale.admin.error.datetime"],
      [{ deadlineHours: "721" }, "deadlineHours", "presale.admin.error.deadlineHours"],
      [{ shortDefault: "maybe" }, "shortDefault", "presale.admin.error.shortDefault"],
      [{ variantId: "" }, "variantId", "presale.admin.error.pack"],
      [{ variantId: "var_\u0000x" }, "variantId", "presale.admin.error.pack"],
      // Another cooperative's pack reads as no pack at all.
      [{ variantId: b.variants[0]!.id }, "variantId", "presale.admin.error.pack"],
    ];
    const before = await presaleSnapshot();
    for (const [change, field, key] of cases) {
      const res = await create(owner.cookie, form(v, change));
      expect(res.status, JSON.stringify(change)).toBe(422);
      expect(res.data.errors[field], JSON.stringify(change)).toBe(key);
    }
    expect(await presaleSnapshot()).toBe(before);
    // Any positive price is fine, even below the pack's everyday price, and a deposit equal to it.
    const ok = await create(owner.cookie, form(v, { priceFen: "0.50", depositFixed: "0.50" }));
    expect(ok.status).toBe(302);
  });

  it("one open presale per pack: a second is refused by the pack, another pack is fine", async () => {
    const { a, owner } = await twoCooperatives();
    expect((await create(owner.cookie, form(a.variants[0]!.id))).status).toBe(302);
    const before = await presaleSnapshot();
    const again = await create(owner.cookie, form(a.variants[0]!.id));
    expect(again.status).toBe(422);
    expect(again.data.errors).toEqual({ variantId: "presale.admin.error.alreadyOpen" });
    expect(await presaleSnapshot()).toBe(before);
    expect((await create(owner.cookie, form(a.variants[1]!.id))).status).toBe(302);
  });

  it("a closed presale cannot be reopened while another is open on the pack", async () => {
    const { a, owner } = await twoCooperatives();
    const now = Date.now();
    const closed = await createPresaleOffer({
      product: a.product,
      variant: a.variants[0]!,
      startsAt: new Date(now - 10 * DAY),
      endsAt: new Date(now - DAY),
    });
    expect((await create(owner.cookie, form(a.variants[0]!.id))).status).toBe(302);
    const values = (await detail(owner.cookie, closed.offerId)).data.form;
    expect(values.endsAt).toBe(beijingInput(new Date(now - DAY)));
    const before = await presaleSnapshot();
    const reopened = await edit(owner.cookie, closed.offerId, {
      ...values,
      endsAt: beijingInput(new Date(now + 5 * DAY)),
    });
    expect(reopened.status).toBe(422);
    expect(reopened.data.errors).toEqual({ endsAt: "presale.admin.error.alreadyOpen" });
    expect(await presaleSnapshot()).toBe(before);
    // Its other terms may still change while its window stays closed.
    const edited = await edit(owner.cookie, closed.offerId, { ...values, policyEn: "Updated." });
    expect(edited.status).toBe(200);
  });

  it("an unknown intent is a 400 and creates nothing", async () => {
    const { a, owner } = await twoCooperatives();
    const before = await presaleSnapshot();
    const res = await create(owner.cookie, { ...form(a.variants[0]!.id), intent: "zzz" });
    expect(res.status).toBe(400);
    expect(await presaleSnapshot()).toBe(before);
  });
});

describe("/admin/presales/:offerId", () => {
  it("edits the terms; the cap goes down only to what is ordered, refused below it with the count", async () => {
    const { a, owner } = await twoCooperatives();
    const p = await createPresaleOffer({ product: a.product, variant: a.variants[0]!, cap: 60 });
    await createPresaleOrder(p, { quantity: 3 });
    await createPresaleOrder(p, { quantity: 2, state: "pending" });
    const page = await detail(owner.cookie, p.offerId);
    expect(page.status).toBe(200);
    const values = { ...page.data.form };

    const before = await presaleSnapshot();
    const low = await edit(owner.cookie, p.offerId, { ...values, cap: "4" });
    expect(low.status).toBe(422);
    expect(low.data).toMatchObject({
      errors: { cap: "presale.admin.error.capBelowSold" },
      committed: 5,
    });
    expect(await presaleSnapshot()).toBe(before);

    const saved = await edit(owner.cookie, p.offerId, {
      ...values,
      cap: "5",
      priceFen: "72",
      depositKind: "full",
      shortDefault: "cancel",
      policyEn: "Refunds in full until the harvest.",
    });
    expect(saved.status).toBe(200);
    expect(saved.data.saved).toBe(true);
    const [offer] = await db().select().from(offers).where(eq(offers.id, p.offerId));
    expect(offer).toMatchObject({ cap: 5, priceFen: 7_200 });
    const [terms] = await db()
      .select()
      .from(presaleTerms)
      .where(eq(presaleTerms.offerId, p.offerId));
    expect(terms).toMatchObject({ depositKind: "full", depositValue: 0, shortDefault: "cancel" });
    const inv = await offerInvariant({ offerId: p.offerId });
    expect(inv.balanced).toBe(true);
    expect(inv.level).toEqual({ cap: 5, available: 0, reserved: 5, sold: 0 });

    const raised = await edit(owner.cookie, p.offerId, { ...values, cap: "900" });
    expect(raised.status).toBe(200);
    const [pool] = await db().select().from(offerLevels).where(eq(offerLevels.offerId, p.offerId));
    expect(pool).toMatchObject({ cap: 900, available: 895 });
  });

  it("refuses a bad edit and a mangled form, changing nothing", async () => {
    const { a, owner } = await twoCooperatives();
    const p = await createPresaleOffer({
      product: a.product,
      variant: a.variants[0]!,
      priceFen: 5_000,
    });
    const values = (await detail(owner.cookie, p.offerId)).data.form;
    const before = await presaleSnapshot();
    const above = await edit(owner.cookie, p.offerId, {
      ...values,
      depositKind: "fixed",
      depositFixed: "50.01",
    });
    expect(above.status).toBe(422);
    expect(above.data.errors).toEqual({ depositFixed: "presale.admin.error.depositAbovePrice" });
    // The form must name this page's presale.
    const stray = await callRoute(detailRoute.action as Fn, {
      url: `http://localhost/admin/presales/${p.offerId}`,
      method: "POST",
      cookie: owner.cookie,
      params: { offerId: p.offerId },
      form: { ...values, intent: "update", offerId: "ofr_\u0000garbage" },
    });
    expect(stray.status).toBe(404);
    const noIntent = await callRoute(detailRoute.action as Fn, {
      url: `http://localhost/admin/presales/${p.offerId}`,
      method: "POST",
      cookie: owner.cookie,
      params: { offerId: p.offerId },
      form: { ...values, intent: "destroy" },
    });
    expect(noIntent.status).toBe(400);
    expect(await presaleSnapshot()).toBe(before);
    expect((await detail(owner.cookie, "ofr_\u0000")).status).toBe(404);
    expect((await detail(owner.cookie, "x".repeat(3000))).status).toBe(404);
  });

  it("another cooperative's presale is not found: page, edit and CSV", async () => {
    const { a, b, owner } = await twoCooperatives();
    const theirs = await createPresaleOffer({
      product: b.product,
      variant: b.variants[0]!,
      cap: 40,
    });
    await createPresaleOrder(theirs, { quantity: 2 });
    await createPresaleOffer({ product: a.product, variant: a.variants[0]! });
    const before = await presaleSnapshot();
    expect((await detail(owner.cookie, theirs.offerId)).status).toBe(404);
    const values = { ...form(b.variants[0]!.id), cap: "1" };
    expect((await edit(owner.cookie, theirs.offerId, values)).status).toBe(404);
    expect((await csv(owner.cookie, theirs.offerId)).status).toBe(404);
    expect(await presaleSnapshot()).toBe(before);
    const mine = (await list(owner.cookie)).data.presales;
    expect(mine.map((p) => p.offerId)).not.toContain(theirs.offerId);
    expect(mine).toHaveLength(1);
  });

  it("shows the figures from orders and payments, each order's place in line, and the CSV", async () => {
    const { a, owner } = await twoCooperatives();
    const p = await createPresaleOffer({
      product: a.product,
      variant: a.variants[0]!,
      priceFen: 6_800,
      depositKind: "fixed",
      depositValue: 2_000,
      cap: 100,
    });
    const first = await createPresaleOrder(p, { quantity: 2, state: "waiting" });
    const second = await createPresaleOrder(p, {
      quantity: 1,
      state: "paid",
      balance: "succeeded",
    });
    const deadline = new Date(Date.now() + 48 * 3_600_000);
    const third = await createPresaleOrder(p, {
      quantity: 3,
      state: "action_needed",
      balance: "failed",
      deadlineAt: deadline,
    });
    const pending = await createPresaleOrder(p, { quantity: 1, state: "pending" });
    const cancelled = await createPresaleOrder(p, { quantity: 1, state: "cancelled" });
    expect(first.depositFen).toBe(4_000);

    const row = (await list(owner.cookie)).data.presales[0]!;
    expect(row).toMatchObject({
      offerId: p.offerId,
      cap: 100,
      ordered: 8,
      orders: 5,
      // Deposits of every order that paid one (the cancelled one's too: refunds are the order's).
      depositsFen: first.depositFen + second.depositFen + third.depositFen + cancelled.depositFen,
      balancesDueFen: first.balanceFen + third.balanceFen,
      chargedFen: second.balanceFen,
      failed: 1,
    });

    const page = await detail(owner.cookie, p.offerId);
    expect(page.data.summary).toMatchObject({ ordered: 8, failed: 1 });
    expect(page.data.total).toBe(5);
    expect(
      page.data.orders.map((o) => [
        o.code,
        o.quantity,
        o.place,
        o.state,
        o.depositFen,
        o.balanceFen,
      ]),
    ).toEqual([
      [first.code, 2, 1, "waiting", 4_000, first.balanceFen],
      [second.code, 1, 2, "paid", 2_000, second.balanceFen],
      [third.code, 3, 3, "action_needed", 6_000, third.balanceFen],
      [cancelled.code, 1, 4, "cancelled", 2_000, cancelled.balanceFen],
      [pending.code, 1, null, "pending", 2_000, pending.balanceFen],
    ]);
    expect(page.data.orders[2]!.deadlineAt).toBe(deadline.toISOString());

    const file = await csv(owner.cookie, p.offerId);
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toContain("text/csv");
    expect(file.headers.get("Cache-Control")).toBe("private, no-store");
    const lines = String(file.data)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "order_code,quantity,place_in_line,state,deposit_cny,balance_cny,deadline_at,ordered_at",
    );
    expect(lines).toHaveLength(6);
    expect(lines[3]).toContain(
      `${third.code},3,3,action_needed,60.00,${(third.balanceFen / 100).toFixed(2)},${deadline.toISOString()},`,
    );
    expect(lines[5]).toContain(`${pending.code},1,,pending,20.00,`);
  });

  it("the list is empty while the cooperative has no presales", async () => {
    const { owner } = await twoCooperatives();
    expect((await list(owner.cookie)).data.presales).toEqual([]);
  });
});
