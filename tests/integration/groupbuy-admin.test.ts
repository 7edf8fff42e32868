import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  groupbuyDealPoints,
  groupbuyDeals,
  groupbuyJoins,
  groupbuyTiers,
  pickupPoints,
} from "../../db/groupbuy-schema";
import { offers } from "../../db/schema";
import { twoCooperatives } from "../factories/admin-world";
import { createOrder } from "../factories/orders";
import { createUser, signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { beijingInput } from "~/groupbuy/schemas";
import { offerInvariant } from "~/inventory/offer-pools.server";
import { stockInvariant } from "~/inventory/stock-invariant.server";
import { adjustStock } from "~/inventory/stock.server";
import { db } from "~/lib/db.server";
import * as detailRoute from "~/routes/admin.groupbuys.$offerId";
import * as listRoute from "~/routes/admin.groupbuys._index";
import * as newRoute from "~/routes/admin.groupbuys.new";
import * as pointRoute from "~/routes/admin.pickup-points.$pointId";
import * as pointsRoute from "~/routes/admin.pickup-points._index";
import * as newPointRoute from "~/routes/admin.pickup-points.new";

withTestDatabase();

type Fn = Parameters<typeof callRoute>[0];
type Errors = { errors: Record<string, string>; count?: number; saved?: boolean };
const DAY = 86_400_000;
type Form = Record<string, string | string[]>;

/** A form body with repeated fields (the pickup point boxes), as a browser posts it. */
function post(url: string, cookie: string, form: Form): Request {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form))
    for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return new Request(url, { method: "POST", body, headers: { Cookie: cookie } });
}

/** A valid new-deal form, as the owner types it: ¥30, ¥26 from 10, ¥22.50 from 30; 3 days. */
function dealForm(variantId: string, pointIds: string[], overrides: Form = {}): Form {
  return {
    intent: "create",
    variantId,
    priceFen: "30",
    tierMin2: "10",
    tierPrice2: "26",
    tierMin3: "30",
    tierPrice3: "22.50",
    tierMin4: "",
    tierPrice4: "",
    minQuantity: "10",
    maxQuantity: "40",
    endsAt: beijingInput(new Date(Date.now() + 3 * DAY)),
    pickupPointIds: pointIds,
    ...overrides,
  };
}

function pointForm(leaderEmail: string, overrides: Record<string, string> = {}) {
  return {
    intent: "create",
    name: "东门社区店",
    provinceCode: "36",
    cityCode: "3607",
    districtCode: "360722",
    addressLine: "信丰县东门路 12 号",
    openingHours: "每天 9:00–20:00",
    leaderEmail,
    leaderName: "王姐",
    leaderMobile: "13800138000",
    commissionBps: "8",
    active: "on",
    ...overrides,
  };
}

const createDealRoute = (cookie: string, form: Form) =>
  callRoute<Errors>(newRoute.action as Fn, {
    request: post("http://localhost/admin/groupbuys/new", cookie, form),
  });
const editDealRoute = (cookie: string, offerId: string, form: Form) =>
  callRoute<Errors>(detailRoute.action as Fn, {
    request: post(`http://localhost/admin/groupbuys/${offerId}`, cookie, {
      ...form,
      intent: "update",
      offerId,
    }),
    params: { offerId },
  });
type DetailData = Awaited<ReturnType<typeof detailRoute.loader>>;
type ListData = Awaited<ReturnType<typeof listRoute.loader>>;
const detail = (cookie: string, offerId: string) =>
  callRoute<DetailData>(detailRoute.loader as Fn, {
    url: `http://localhost/admin/groupbuys/${offerId}`,
    cookie,
    params: { offerId },
  });
const list = (cookie: string) =>
  callRoute<ListData>(listRoute.loader as Fn, { url: "http://localhost/admin/groupbuys", cookie });
const createPointRoute = (cookie: string, form: Record<string, string>) =>
  callRoute<Errors>(newPointRoute.action as Fn, {
    url: "http://localhost/admin/pickup-points/new",
    method: "POST",
    cookie,
    form,
  });
const pointAction = (cookie: string, pointId: string, form: Record<string, string>) =>
  callRoute<Errors>(pointRoute.action as Fn, {
    url: `http://localhost/admin/pickup-points/${pointId}`,
    method: "POST",
    cookie,
    params: { pointId },
    form: { ...form, pointId },
  });
const offerIdOf = (res: { headers: Headers }) =>
  /\/admin\/groupbuys\/(ofr_\w+)\?created=1$/.exec(res.headers.get("Location") ?? "")?.[1];
const pointIdOf = (res: { headers: Headers }) =>
  /\/admin\/pickup-points\/(pkp_\w+)\?created=1$/.exec(res.headers.get("Location") ?? "")?.[1];

/** Every row a deal or pickup point action could touch, to show a refused one changed nothing. */
async function snapshot(): Promise<string> {
  const rows = async (table: string) =>
    (
      (await db().execute(
        sql`select * from ${sql.identifier(table)} order by 1, 2`,
      )) as unknown as {
        rows: unknown[];
      }
    ).rows;
  const tables = [
    "offers",
    "offer_levels",
    "inventory_levels",
    "inventory_ledger",
    "groupbuy_deals",
    "groupbuy_tiers",
    "groupbuy_deal_points",
    "pickup_points",
  ];
  return JSON.stringify(await Promise.all(tables.map(rows)));
}

/** Cooperative A with 100 packs of its second pack in stock (through the ledger), a leader, a point. */
async function world() {
  const w = await twoCooperatives();
  const pack = w.a.variants[1]!;
  await adjustStock({ variantId: pack.id, delta: 100, reason: "opening", actor: "test" });
  const leader = await createUser({ email: "leader@example.com", name: "王姐" });
  const made = await createPointRoute(w.owner.cookie, pointForm(leader.email));
  expect(made.status).toBe(302);
  return { ...w, pack, leader, pointId: pointIdOf(made)! };
}

describe("/admin/groupbuys/new", () => {
  it("opens a deal: a groupbuy offer whose pool of the maximum is drawn from the pack's stock", async () => {
    const { a, owner, pack, pointId } = await world();
    const res = await createDealRoute(owner.cookie, dealForm(pack.id, [pointId]));
    expect(res.status, JSON.stringify(res.data)).toBe(302);
    const offerId = offerIdOf(res)!;
    expect(offerId).toBeDefined();

    const [offer] = await db().select().from(offers).where(eq(offers.id, offerId));
    expect(offer).toMatchObject({ kind: "groupbuy", priceFen: 3_000, cap: 40, status: "active" });
    const [deal] = await db()
      .select()
      .from(groupbuyDeals)
      .where(eq(groupbuyDeals.offerId, offerId));
    expect(deal).toMatchObject({
      cooperativeId: a.cooperativeId,
      variantId: pack.id,
      minQuantity: 10,
      maxQuantity: 40,
      holdMode: "authorize",
      allowHomeDelivery: false,
      state: "open",
      createdBy: owner.user.id,
    });
    expect(deal!.shareCode).toMatch(/^[2-9a-hjkmnp-z]{8}$/);
    expect(
      await db()
        .select({ min: groupbuyTiers.minQuantity, price: groupbuyTiers.priceFen })
        .from(groupbuyTiers)
        .where(eq(groupbuyTiers.offerId, offerId))
        .orderBy(groupbuyTiers.minQuantity),
    ).toEqual([
      { min: 1, price: 3_000 },
      { min: 10, price: 2_600 },
      { min: 30, price: 2_250 },
    ]);
    expect(
      await db().select().from(groupbuyDealPoints).where(eq(groupbuyDealPoints.offerId, offerId)),
    ).toEqual([{ offerId, pickupPointId: pointId }]);

    // 40 of the 100 moved into the deal's pool; both ledgers balance.
    const pool = await offerInvariant({ offerId });
    expect(pool.balanced, JSON.stringify(pool)).toBe(true);
    expect(pool.level).toEqual({ cap: 40, available: 40, reserved: 0, sold: 0 });
    const stock = await stockInvariant({ variantId: pack.id });
    expect(stock.balanced, JSON.stringify(stock)).toBe(true);
    expect(stock.level).toEqual({ available: 60, reserved: 40, sold: 0 });

    const page = await list(owner.cookie);
    expect(page.data.deals).toMatchObject([
      {
        offerId,
        maxQuantity: 40,
        priceNowFen: 3_000,
        phase: "open",
        progress: { joined: 0, next: { tier: { minQuantity: 10 }, needed: 10 }, neededForMin: 10 },
      },
    ]);
    const shown = await detail(owner.cookie, offerId);
    expect(shown.status).toBe(200);
    expect(shown.data.shareUrl).toBe(`http://localhost/g/${deal!.shareCode}`);
    expect(shown.data.form).toMatchObject({
      priceFen: "30",
      tierPrice3: "22.5",
      maxQuantity: "40",
    });
  });

  it("a deadline beyond the holds' lifetime charges on joining; home delivery alone is enough", async () => {
    const { owner, pack } = await world();
    const res = await createDealRoute(
      owner.cookie,
      dealForm(pack.id, [], {
        allowHomeDelivery: "on",
        endsAt: beijingInput(new Date(Date.now() + 10 * DAY)),
      }),
    );
    expect(res.status).toBe(302);
    const [deal] = await db()
      .select()
      .from(groupbuyDeals)
      .where(eq(groupbuyDeals.offerId, offerIdOf(res)!));
    expect(deal).toMatchObject({ holdMode: "charge", allowHomeDelivery: true });
  });

  it("refuses each bad input by its field with 422, and changes nothing", async () => {
    const { a, b, owner, pack, pointId } = await world();
    const theirLeader = await createUser();
    const theirPoint = "pkp_theirs0000000001";
    await db().insert(pickupPoints).values({
      id: theirPoint,
      cooperativeId: b.cooperativeId,
      name: "乙的点",
      provinceCode: "36",
      cityCode: "3607",
      districtCode: "360722",
      addressLine: "某路 1 号",
      leaderUserId: theirLeader.id,
      leaderName: "李",
      leaderMobile: "13900139000",
    });
    const now = Date.now();
    const cases: [Form, string, string][] = [
      [{ tierPrice2: "30" }, "tierPrice2", "groupbuy.admin.error.tierNotLower"],
      [{ tierPrice3: "27" }, "tierPrice3", "groupbuy.admin.error.tierNotLower"],
      [{ tierMin3: "8" }, "tierMin3", "groupbuy.admin.error.tierOrder"],
      [{ tierMin3: "41" }, "tierMin3", "groupbuy.admin.error.tierAboveMax"],
      [{ tierPrice2: "" }, "tierPrice2", "groupbuy.admin.error.tierPrice"],
      [{ minQuantity: "41" }, "minQuantity", "groupbuy.admin.error.minAboveMax"],
      [{ minQuantity: "0" }, "minQuantity", "groupbuy.admin.error.minQuantity"],
      [{ maxQuantity: "101" }, "maxQuantity", "groupbuy.admin.error.maxAboveStock"],
      [{ priceFen: "0" }, "priceFen", "groupbuy.admin.error.price"],
      [{ endsAt: beijingInput(new Date(now - 60_000)) }, "endsAt", "groupbuy.admin.error.endsPast"],
      [
        { endsAt: beijingInput(new Date(now + 61 * DAY)) },
        "endsAt",
        "groupbuy.admin.error.endsTooFar",
      ],
      [{ endsAt: "tomorrow" }, "endsAt", "groupbuy.admin.error.datetime"],
      [{ pickupPointIds: [] }, "pickupPointIds", "groupbuy.admin.error.delivery"],
      [{ pickupPointIds: [theirPoint] }, "pickupPointIds", "groupbuy.admin.error.point"],
      [{ pickupPointIds: ["pkp_\u0000"] }, "pickupPointIds", "groupbuy.admin.error.point"],
      [{ allowHomeDelivery: "maybe" }, "allowHomeDelivery", "error.invalid"],
      [{ variantId: "" }, "variantId", "groupbuy.admin.error.pack"],
      // Another cooperative's pack reads as no pack at all.
      [{ variantId: b.variants[0]!.id }, "variantId", "groupbuy.admin.error.pack"],
    ];
    const before = await snapshot();
    for (const [change, field, key] of cases) {
      const res = await createDealRoute(owner.cookie, dealForm(pack.id, [pointId], change));
      expect(res.status, JSON.stringify(change)).toBe(422);
      expect(res.data.errors[field], JSON.stringify(change)).toBe(key);
    }
    // The stock short by the maximum says how much there is.
    const short = await createDealRoute(
      owner.cookie,
      dealForm(pack.id, [pointId], { maxQuantity: "101" }),
    );
    expect(short.data.count).toBe(100);
    // An inactive point of one's own is refused too.
    await db().update(pickupPoints).set({ active: false }).where(eq(pickupPoints.id, pointId));
    const inactive = await createDealRoute(owner.cookie, dealForm(pack.id, [pointId]));
    expect(inactive.data.errors).toEqual({ pickupPointIds: "groupbuy.admin.error.point" });
    await db().update(pickupPoints).set({ active: true }).where(eq(pickupPoints.id, pointId));
    const noIntent = await createDealRoute(owner.cookie, {
      ...dealForm(pack.id, [pointId]),
      intent: "zzz",
    });
    expect(noIntent.status).toBe(400);
    expect(await snapshot()).toBe(before);
    // The first pack of A (5 in stock, not through the ledger) takes a deal of up to 5.
    const ok = await createDealRoute(
      owner.cookie,
      dealForm(a.variants[0]!.id, [pointId], {
        maxQuantity: "5",
        minQuantity: "5",
        tierMin3: "",
        tierPrice3: "",
        tierMin2: "",
        tierPrice2: "",
      }),
    );
    expect(ok.status, JSON.stringify(ok.data)).toBe(302);
  });
});

describe("/admin/groupbuys/:offerId", () => {
  it("before anyone joined, everything may change; the pool follows the maximum both ways", async () => {
    const { owner, pack, pointId } = await world();
    const offerId = offerIdOf(await createDealRoute(owner.cookie, dealForm(pack.id, [pointId])))!;
    const values = (await detail(owner.cookie, offerId)).data.form as Form;

    const lower = await editDealRoute(owner.cookie, offerId, {
      ...values,
      maxQuantity: "35",
      tierMin3: "20",
      tierPrice2: "27",
      endsAt: beijingInput(new Date(Date.now() + 12 * DAY)),
      allowHomeDelivery: "on",
    });
    expect(lower.status, JSON.stringify(lower.data)).toBe(200);
    expect(lower.data.saved).toBe(true);
    const [deal] = await db()
      .select()
      .from(groupbuyDeals)
      .where(eq(groupbuyDeals.offerId, offerId));
    expect(deal).toMatchObject({ maxQuantity: 35, holdMode: "charge", allowHomeDelivery: true });
    expect((await offerInvariant({ offerId })).level).toMatchObject({ cap: 35, available: 35 });
    expect((await stockInvariant({ variantId: pack.id })).level).toMatchObject({ available: 65 });

    const raise = await editDealRoute(owner.cookie, offerId, { ...values, maxQuantity: "90" });
    expect(raise.status).toBe(200);
    const inv = await offerInvariant({ offerId });
    expect(inv.balanced).toBe(true);
    expect(inv.level.cap).toBe(90);
    const stock = await stockInvariant({ variantId: pack.id });
    expect(stock.balanced, JSON.stringify(stock)).toBe(true);
    expect(stock.level).toEqual({ available: 10, reserved: 90, sold: 0 });
    const [offer] = await db().select().from(offers).where(eq(offers.id, offerId));
    expect(offer).toMatchObject({ cap: 90, priceFen: 3_000 });

    const before = await snapshot();
    const tooMany = await editDealRoute(owner.cookie, offerId, { ...values, maxQuantity: "101" });
    expect(tooMany.status).toBe(422);
    expect(tooMany.data).toMatchObject({
      errors: { maxQuantity: "groupbuy.admin.error.maxAboveStock" },
      count: 100,
    });
    expect(await snapshot()).toBe(before);
  });

  it("once someone joined, tiers and minimum are fixed, the deadline stays within the holds, chosen points stay", async () => {
    const { a, owner, pack, pointId, leader } = await world();
    const second = await createPointRoute(
      owner.cookie,
      pointForm(leader.email, { name: "西门店" }),
    );
    const otherPoint = pointIdOf(second)!;
    const offerId = offerIdOf(
      await createDealRoute(owner.cookie, dealForm(pack.id, [pointId, otherPoint])),
    )!;
    const order = await createOrder({
      lines: [{ product: a.product, variant: pack, quantity: 2 }],
      status: "pending_payment",
    });
    await db().insert(groupbuyJoins).values({
      orderId: order.id,
      offerId,
      cooperativeId: a.cooperativeId,
      quantity: 2,
      pickupPointId: pointId,
      pickupCode: "123456",
    });
    const values = (await detail(owner.cookie, offerId)).data.form as Form;
    const before = await snapshot();
    const refused: [Form, Record<string, string>][] = [
      [{ tierPrice2: "25" }, { priceFen: "groupbuy.admin.error.tiersLocked" }],
      [{ priceFen: "31" }, { priceFen: "groupbuy.admin.error.tiersLocked" }],
      [{ minQuantity: "12" }, { minQuantity: "groupbuy.admin.error.minLocked" }],
      [
        { endsAt: beijingInput(new Date(Date.now() + 5 * DAY + 3_600_000)) },
        { endsAt: "groupbuy.admin.error.beyondHolds" },
      ],
      [{ pickupPointIds: [otherPoint] }, { pickupPointIds: "groupbuy.admin.error.pointInUse" }],
    ];
    for (const [change, errors] of refused) {
      const res = await editDealRoute(owner.cookie, offerId, { ...values, ...change });
      expect(res.status, JSON.stringify(change)).toBe(422);
      expect(res.data.errors, JSON.stringify(change)).toEqual(errors);
    }
    expect(await snapshot()).toBe(before);
    // What does not touch their payment may change: an earlier deadline, a dropped unused point, home delivery.
    const ok = await editDealRoute(owner.cookie, offerId, {
      ...values,
      endsAt: beijingInput(new Date(Date.now() + 2 * DAY)),
      pickupPointIds: [pointId],
      allowHomeDelivery: "on",
      maxQuantity: "50",
    });
    expect(ok.status, JSON.stringify(ok.data)).toBe(200);
    const page = await detail(owner.cookie, offerId);
    expect(page.data.joins).toMatchObject([
      { orderId: order.id, quantity: 2, pickupPointName: "东门社区店", state: "pending" },
    ]);
    expect(page.data.deal).toMatchObject({ maxQuantity: 50, holdMode: "authorize" });
  });

  it("refuses a mangled form: another deal's id, an unknown intent", async () => {
    const { owner, pack, pointId } = await world();
    const offerId = offerIdOf(await createDealRoute(owner.cookie, dealForm(pack.id, [pointId])))!;
    const values = (await detail(owner.cookie, offerId)).data.form as Form;
    const before = await snapshot();
    const stray = await callRoute(detailRoute.action as Fn, {
      request: post(`http://localhost/admin/groupbuys/${offerId}`, owner.cookie, {
        ...values,
        intent: "update",
        offerId: "ofr_\u0000garbage",
      }),
      params: { offerId },
    });
    expect(stray.status).toBe(404);
    const noIntent = await callRoute(detailRoute.action as Fn, {
      request: post(`http://localhost/admin/groupbuys/${offerId}`, owner.cookie, {
        ...values,
        intent: "destroy",
        offerId,
      }),
      params: { offerId },
    });
    expect(noIntent.status).toBe(400);
    expect(await snapshot()).toBe(before);
    expect((await detail(owner.cookie, "ofr_\u0000")).status).toBe(404);
    expect((await detail(owner.cookie, "x".repeat(3000))).status).toBe(404);
  });

  it("another cooperative's deal is not found: page and edit; the list shows only one's own", async () => {
    const { b, owner, pack, pointId } = await world();
    const mine = offerIdOf(await createDealRoute(owner.cookie, dealForm(pack.id, [pointId])))!;
    // B's owner opens a deal on B's pack.
    const bOwner = await signedInUser({
      memberOf: [{ cooperativeId: b.cooperativeId, role: "owner" }],
    });
    const theirs = offerIdOf(
      await createDealRoute(
        bOwner.cookie,
        dealForm(b.variants[0]!.id, [], {
          maxQuantity: "7",
          minQuantity: "2",
          tierMin3: "",
          tierPrice3: "",
          tierMin2: "5",
          allowHomeDelivery: "on",
        }),
      ),
    )!;
    expect(theirs).toBeDefined();
    const values = (await detail(bOwner.cookie, theirs)).data.form as Form;
    const before = await snapshot();
    expect((await detail(owner.cookie, theirs)).status).toBe(404);
    expect(
      (await editDealRoute(owner.cookie, theirs, { ...values, maxQuantity: "1", minQuantity: "1" }))
        .status,
    ).toBe(404);
    expect(await snapshot()).toBe(before);
    expect((await list(owner.cookie)).data.deals.map((d) => d.offerId)).toEqual([mine]);
  });
});

describe("/admin/pickup-points", () => {
  it("creates, lists, edits and deletes a point; the leader is found by email", async () => {
    const { owner, leader, pointId } = await world();
    const [row] = await db().select().from(pickupPoints).where(eq(pickupPoints.id, pointId));
    expect(row).toMatchObject({
      name: "东门社区店",
      provinceCode: "36",
      cityCode: "3607",
      districtCode: "360722",
      leaderUserId: leader.id,
      leaderMobile: "13800138000",
      commissionBps: 800,
      active: true,
    });
    const listed = await callRoute<Awaited<ReturnType<typeof pointsRoute.loader>>>(
      pointsRoute.loader as Fn,
      { url: "http://localhost/admin/pickup-points", cookie: owner.cookie },
    );
    expect(listed.data.points).toMatchObject([
      { id: pointId, leaderEmail: "leader@example.com", region: "赣州市信丰县" },
    ]);
    const edited = await pointAction(
      owner.cookie,
      pointId,
      pointForm("LEADER@example.com", { intent: "update", commissionBps: "12.5", active: "" }),
    );
    expect(edited.status, JSON.stringify(edited.data)).toBe(200);
    const [after] = await db().select().from(pickupPoints).where(eq(pickupPoints.id, pointId));
    expect(after).toMatchObject({ commissionBps: 1_250, active: false });
    const deleted = await pointAction(owner.cookie, pointId, { intent: "delete" });
    expect(deleted.status).toBe(302);
    expect(await db().select().from(pickupPoints)).toEqual([]);
  });

  it("refuses bad input by the field and changes nothing: unknown leader, region, commission", async () => {
    const { owner, leader, pointId } = await world();
    const before = await snapshot();
    const cases: [Record<string, string>, string, string][] = [
      [{ leaderEmail: "nobody@example.com" }, "leaderEmail", "groupbuy.admin.error.leaderUnknown"],
      [{ leaderEmail: "not an email" }, "leaderEmail", "error.email"],
      [{ cityCode: "4401" }, "cityCode", "groupbuy.admin.error.city"],
      [{ districtCode: "440106" }, "districtCode", "groupbuy.admin.error.district"],
      [{ provinceCode: "99" }, "provinceCode", "groupbuy.admin.error.province"],
      [{ commissionBps: "30.5" }, "commissionBps", "groupbuy.admin.error.commission"],
      [{ commissionBps: "-1" }, "commissionBps", "groupbuy.admin.error.commission"],
      [{ leaderMobile: "12345" }, "leaderMobile", "groupbuy.admin.error.mobile"],
      [{ name: "" }, "name", "error.required"],
      [{ addressLine: "x\u0000" }, "addressLine", "error.invalid"],
    ];
    for (const [change, field, key] of cases) {
      const made = await createPointRoute(owner.cookie, pointForm(leader.email, change));
      expect(made.status, JSON.stringify(change)).toBe(422);
      expect(made.data.errors[field], JSON.stringify(change)).toBe(key);
      const edit = await pointAction(
        owner.cookie,
        pointId,
        pointForm(leader.email, { ...change, intent: "update" }),
      );
      expect(edit.status, JSON.stringify(change)).toBe(422);
      expect(edit.data.errors[field], JSON.stringify(change)).toBe(key);
    }
    // The form must name this page's point.
    const stray = await callRoute(pointRoute.action as Fn, {
      url: `http://localhost/admin/pickup-points/${pointId}`,
      method: "POST",
      cookie: owner.cookie,
      params: { pointId },
      form: { ...pointForm(leader.email), intent: "update", pointId: "pkp_other" },
    });
    expect(stray.status).toBe(404);
    expect(await snapshot()).toBe(before);
  });

  it("a point a deal offered cannot be deleted; another cooperative's point is not found", async () => {
    const { b, owner, pack, pointId } = await world();
    await createDealRoute(owner.cookie, dealForm(pack.id, [pointId]));
    const before = await snapshot();
    const refused = await pointAction(owner.cookie, pointId, { intent: "delete" });
    expect(refused.status).toBe(422);
    expect(refused.data.errors).toEqual({ form: "groupbuy.admin.error.pointUsed" });
    expect(await snapshot()).toBe(before);

    const bOwner = await signedInUser({
      memberOf: [{ cooperativeId: b.cooperativeId, role: "owner" }],
    });
    const page = await callRoute(pointRoute.loader as Fn, {
      url: `http://localhost/admin/pickup-points/${pointId}`,
      cookie: bOwner.cookie,
      params: { pointId },
    });
    expect(page.status).toBe(404);
    const edit = await pointAction(bOwner.cookie, pointId, {
      ...pointForm("leader@example.com"),
      intent: "update",
      name: "抢走",
    });
    expect(edit.status).toBe(404);
    expect((await pointAction(bOwner.cookie, pointId, { intent: "delete" })).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });
});
