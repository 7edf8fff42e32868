import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { groupbuyJoins } from "../../db/groupbuy-schema";
import { orderEvents, orders } from "../../db/orders-schema";
import { cookieFor, pickupCodeOf, settledWorld } from "../factories/groupbuy-pickup";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { db } from "~/lib/db.server";
import * as accountRoute from "~/routes/_store.account._index";
import * as leaderRoute from "~/routes/_store.leader";

/*
 * /leader through its loader and action as Remix calls them: who may open it, what a leader sees
 * at their point, collecting by code, and every refusal changing nothing.
 */

withTestDatabase();

type Fn = Parameters<typeof callRoute>[0];
const loader = leaderRoute.loader as unknown as Fn;
const action = leaderRoute.action as unknown as Fn;

interface Board {
  point: { id: string; name: string };
  toCollect: { orderId: string; pickupCode: string; mobile: string; shopperName: string }[];
  collectedToday: { orderId: string }[];
  commissions: { offerId: string; commissionFen: number }[];
  searchError: string | null;
}

const view = (cookie: string, search = "") =>
  callRoute<Board>(loader, { url: `http://localhost/leader${search}`, cookie });

function post(cookie: string, body: BodyInit, type = "application/x-www-form-urlencoded") {
  return callRoute<{ ok: boolean; error?: string }>(action, {
    request: new Request("http://localhost/leader", {
      method: "POST",
      body,
      headers: { Cookie: cookie, "Content-Type": type },
    }),
  });
}
const collect = (cookie: string, form: Record<string, string>) =>
  post(cookie, new URLSearchParams(form).toString());

async function snapshot() {
  return {
    joins: await db().select().from(groupbuyJoins).orderBy(asc(groupbuyJoins.orderId)),
    orders: await db().select().from(orders).orderBy(asc(orders.id)),
    events: (await db().select({ id: orderEvents.id }).from(orderEvents)).length,
  };
}

describe("/leader", () => {
  it("sends a visitor to sign in and answers anyone who leads no point with 403 and where they belong", async () => {
    const w = await settledWorld();
    const visitor = await callRoute(loader, { url: "http://localhost/leader" });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toContain("/account/sign-in");

    const shopper = await signedInUser();
    const refused = await view(shopper.cookie);
    expect(refused.status).toBe(403);
    expect(refused.data).toEqual({ home: "/account" });
    const owner = await signedInUser({ memberOf: [{ cooperativeId: w.world.coopA.id }] });
    expect((await view(owner.cookie)).data).toEqual({ home: "/admin" });
    const host = await signedInUser({ role: "host" });
    expect((await view(host.cookie)).data).toEqual({ home: "/host" });
    // Nor can they post a collect.
    const code = await pickupCodeOf(w.orders.a);
    const before = await snapshot();
    expect(
      (await collect(shopper.cookie, { intent: "collect", pointId: w.points[0]!.id, code })).status,
    ).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("shows a leader their point's orders to hand out, searchable by code or the mobile's last 4", async () => {
    const w = await settledWorld();
    const cookie = await cookieFor(w.points[0]!.leaderUserId);
    const page = await view(cookie);
    expect(page.status).toBe(200);
    expect(page.data.point.name).toBe("东门社区店");
    expect(page.data.toCollect.map((r) => r.orderId).sort()).toEqual(
      [w.orders.a, w.orders.b].sort(),
    );
    expect(page.data.toCollect[0]).toMatchObject({ shopperName: "李四", mobile: "139****5678" });
    const codeB = await pickupCodeOf(w.orders.b);
    expect((await view(cookie, `?q=${codeB}`)).data.toCollect.map((r) => r.orderId)).toEqual([
      w.orders.b,
    ]);
    expect((await view(cookie, "?q=5678")).data.toCollect).toHaveLength(2);
    // Another leader's point named in the query: their own point is shown.
    expect((await view(cookie, `?point=${w.points[1]!.id}`)).data.point.id).toBe(w.points[0]!.id);
    for (const q of ["abc", "1234567", "12%00", "%00"]) {
      const bad = await view(cookie, `?q=${q}`);
      expect(bad.status).toBe(400);
      expect(bad.data.searchError).toBe("leader.error.search");
    }
    const other = await view(await cookieFor(w.points[1]!.leaderUserId));
    expect(other.data.toCollect.map((r) => r.orderId)).toEqual([w.orders.c]);
  });

  it("collects by code, then refuses it twice, another point's code and bad forms, changing nothing", async () => {
    const w = await settledWorld();
    const [p0, p1] = w.points;
    const cookie = await cookieFor(p0!.leaderUserId);
    const code = await pickupCodeOf(w.orders.b);
    const done = await collect(cookie, { intent: "collect", pointId: p0!.id, code });
    expect(done.status).toBe(200);
    expect(done.data).toMatchObject({ ok: true, collected: { quantity: 2, name: "李四" } });
    const page = await view(cookie);
    expect(page.data.collectedToday.map((r) => r.orderId)).toEqual([w.orders.b]);
    expect(page.data.commissions).toMatchObject([{ offerId: w.offerId, commissionFen: 416 }]);

    const before = await snapshot();
    const again = await collect(cookie, { intent: "collect", pointId: p0!.id, code });
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ ok: false, error: "leader.error.alreadyCollected" });
    const elsewhere = await pickupCodeOf(w.orders.c);
    const codeA = await pickupCodeOf(w.orders.a);
    if (elsewhere !== codeA) {
      const notHere = await collect(cookie, {
        intent: "collect",
        pointId: p0!.id,
        code: elsewhere,
      });
      expect(notHere.status).toBe(404);
      expect(notHere.data).toMatchObject({ error: "leader.error.notFound" });
    }
    const cases: [Record<string, string>, number][] = [
      [{ intent: "collect", pointId: p0!.id, code: "12345" }, 422],
      [{ intent: "collect", pointId: p0!.id, code: "abcdef" }, 422],
      [{ intent: "collect", pointId: p0!.id, code: `${codeA.slice(0, 5)}\u0000` }, 422],
      [{ intent: "collect", pointId: p0!.id, code: "x".repeat(5000) }, 422],
      [{ intent: "collect", pointId: p1!.id, code: elsewhere }, 404],
      [{ intent: "collect", pointId: `${p0!.id}\u0000`, code: codeA }, 404],
      [{ intent: "collect", code: codeA }, 400],
      [{ intent: "delete", pointId: p0!.id, code: codeA }, 400],
      [{ intent: "collect\u0000", pointId: p0!.id, code: codeA }, 400],
      [{ pointId: p0!.id, code: codeA }, 400],
    ];
    for (const [form, status] of cases) expect((await collect(cookie, form)).status).toBe(status);
    expect((await post(cookie, JSON.stringify({ code: codeA }), "application/json")).status).toBe(
      415,
    );
    expect(await snapshot()).toEqual(before);
    // Spaces a leader types between the digits are fine.
    const spaced = `${codeA.slice(0, 3)} ${codeA.slice(3)}`;
    expect(
      (await collect(cookie, { intent: "collect", pointId: p0!.id, code: spaced })).status,
    ).toBe(200);
  });

  it("shows a leader's account page the way to the console, and nobody else's", async () => {
    const w = await settledWorld();
    const account = (cookie: string) =>
      callRoute<{ leads: string[] }>(accountRoute.loader as unknown as Fn, {
        url: "http://localhost/account",
        cookie,
      });
    expect((await account(await cookieFor(w.points[0]!.leaderUserId))).data.leads).toEqual([
      "东门社区店",
    ]);
    expect((await account((await signedInUser()).cookie)).data.leads).toEqual([]);
  });
});
