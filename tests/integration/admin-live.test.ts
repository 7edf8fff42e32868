import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "../../db/auth-schema";
import { flashSales, hostApprovals } from "../../db/live-schema";
import { products } from "../../db/schema";
import { twoCooperatives, withChosenCooperative } from "../factories/admin-world";
import { createProduct } from "../factories/catalog";
import { liveSale } from "../factories/live";
import { BEIJING, newSubmitKey } from "../factories/orders";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { db } from "~/lib/db.server";
import { approveHost, approvedPacks } from "~/live/approvals.server";
import { checkoutClaim } from "~/live/checkout.server";
import { grantClaims } from "~/live/claims.server";
import * as hostHome from "~/routes/host._index";
import * as route from "~/routes/admin.live._index";

withTestDatabase();

type Fn = Parameters<typeof callRoute>[0];
const URL_ = "http://localhost/admin/live";
type PageData = Awaited<ReturnType<typeof route.loader>>;

const page = (cookie: string) => callRoute<PageData>(route.loader as Fn, { url: URL_, cookie });
const post = (cookie: string, form: Record<string, string>) =>
  callRoute<{ errors: Record<string, string>; done: string | null }>(route.action as Fn, {
    url: URL_,
    method: "POST",
    cookie,
    form,
  });
const approvalsSnapshot = async () =>
  JSON.stringify(await db().select().from(hostApprovals).orderBy(hostApprovals.id));

describe("/admin/live: the cooperative's hosts and flash sales", () => {
  it("an owner approves a host for a product at a commission, the host can then sell it, and revoking stops that", async () => {
    const { a, owner } = await twoCooperatives();
    const host = await signedInUser({ role: "host", name: "李主播" });
    const approved = await post(owner.cookie, {
      intent: "approve",
      hostEmail: `  ${host.user.email.toUpperCase()} `,
      productId: a.product.id,
      commissionBps: "8.5",
    });
    expect(approved.status).toBe(200);
    expect(approved.data.done).toBe("approved");
    const list = await page(owner.cookie);
    expect(list.data.canApprove).toBe(true);
    expect(list.data.approvals).toMatchObject([
      {
        hostEmail: host.user.email,
        hostName: "李主播",
        productId: a.product.id,
        commissionBps: 850,
        revokedAt: null,
      },
    ]);
    const hostView = () =>
      callRoute<Awaited<ReturnType<typeof hostHome.loader>>>(hostHome.loader as Fn, {
        url: "http://localhost/host",
        cookie: host.cookie,
      });
    expect((await hostView()).data.approved).toBe(true);

    const revoked = await post(owner.cookie, {
      intent: "revoke",
      approvalId: list.data.approvals[0]!.id,
    });
    expect(revoked.status).toBe(200);
    expect((await page(owner.cookie)).data.approvals[0]!.revokedAt).not.toBeNull();
    expect((await hostView()).data.approved).toBe(false);
  });

  it("refuses bad approvals with 422 beside the field and writes nothing", async () => {
    const { a, b, owner } = await twoCooperatives();
    const host = await signedInUser({ role: "host" });
    const good = { intent: "approve", hostEmail: host.user.email, productId: a.product.id };
    const before = await approvalsSnapshot();
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ ...good, commissionBps: "50.01" }, { commissionBps: "error.commission" }],
      [{ ...good, commissionBps: "-1" }, { commissionBps: "error.commission" }],
      [{ ...good, commissionBps: "abc" }, { commissionBps: "error.commission" }],
      [{ ...good, commissionBps: "" }, { commissionBps: "error.required" }],
      [{ ...good, commissionBps: "5", hostEmail: "not-an-email" }, { hostEmail: "error.email" }],
      [
        { ...good, commissionBps: "5", hostEmail: "nobody@example.com" },
        { hostEmail: "error.hostEmail" },
      ],
      // Another cooperative's product, as if it did not exist.
      [{ ...good, commissionBps: "5", productId: b.product.id }, { productId: "error.product" }],
      [{ ...good, commissionBps: "5", productId: "prd_\u0000" }, { productId: "error.product" }],
      [
        { intent: "approve" },
        {
          hostEmail: "error.required",
          productId: "error.product",
          commissionBps: "error.required",
        },
      ],
    ];
    for (const [form, errors] of cases) {
      const res = await post(owner.cookie, form);
      expect(res.status, JSON.stringify(form)).toBe(422);
      expect(res.data.errors, JSON.stringify(form)).toEqual(errors);
    }
    expect((await post(owner.cookie, { intent: "nope" })).status).toBe(400);
    expect(await approvalsSnapshot()).toBe(before);
  });

  it("approving a shopper's account makes it a host's (a new host signs up, the owner approves); an admin stays an admin", async () => {
    const { a, owner } = await twoCooperatives();
    const shopper = await signedInUser();
    const res = await post(owner.cookie, {
      intent: "approve",
      hostEmail: shopper.user.email,
      productId: a.product.id,
      commissionBps: "6",
    });
    expect(res.status).toBe(200);
    const [after] = await db().select().from(users).where(eq(users.id, shopper.user.id));
    expect(after!.role).toBe("host");
    expect((await approvedPacks(shopper.user.id)).length).toBeGreaterThan(0);
    const admin = await signedInUser({ role: "admin" });
    await post(owner.cookie, {
      intent: "approve",
      hostEmail: admin.user.email,
      productId: a.product.id,
      commissionBps: "6",
    });
    const [still] = await db().select().from(users).where(eq(users.id, admin.user.id));
    expect(still!.role).toBe("admin");
  });

  it("shows only the current cooperative's approvals and sales; another cooperative's approval cannot be revoked", async () => {
    const { a, owner } = await twoCooperatives();
    const theirs = await liveSale();
    const host = await signedInUser({ role: "host" });
    await approveHost({
      cooperativeId: a.cooperativeId,
      hostEmail: host.user.email,
      productId: a.product.id,
      commissionBps: 300,
      actor: "test",
    });
    const list = await page(owner.cookie);
    expect(list.data.approvals.map((x) => x.hostEmail)).toEqual([host.user.email]);
    expect(list.data.sales).toEqual([]);
    // Naming the other cooperative in the switcher changes nothing for a member of A only.
    const chosen = await withChosenCooperative(owner.cookie, "coop_other");
    expect((await page(chosen)).data.approvals.map((x) => x.hostEmail)).toEqual([host.user.email]);

    const foreign = (await db().select().from(hostApprovals)).find(
      (x) => x.hostUserId === theirs.host.id,
    )!;
    const before = await approvalsSnapshot();
    for (const approvalId of [foreign.id, "hap_nope", "", "\u0000"])
      expect((await post(owner.cookie, { intent: "revoke", approvalId })).status, approvalId).toBe(
        404,
      );
    expect(await approvalsSnapshot()).toBe(before);
  });

  it("revoking a host ends their open sales of the product; a held claim can still be paid", async () => {
    const sale = await liveSale({ quantity: 10 });
    const other = await liveSale({ quantity: 10 }); // another host and cooperative: untouched
    const [claim] = await grantClaims(sale.saleId, [
      { key: "key-revoke-1", shopperKey: "d:revoke", userId: null, quantity: 1 },
    ]);
    expect(claim).toMatchObject({ ok: true });
    const [row] = await db().select().from(flashSales).where(eq(flashSales.id, sale.saleId));
    const owner = await signedInUser({
      memberOf: [{ cooperativeId: row!.cooperativeId, role: "owner" }],
    });
    const res = await post(owner.cookie, { intent: "revoke", approvalId: row!.approvalId });
    expect(res.status).toBe(200);
    const status = async (saleId: string) =>
      (await db().select().from(flashSales).where(eq(flashSales.id, saleId)))[0]!.status;
    expect(await status(sale.saleId)).toBe("ended");
    expect(await status(other.saleId)).toBe("running");
    const placed = await checkoutClaim({
      claimId: claim!.ok ? claim!.claimId : "",
      shopperKey: "d:revoke",
      userId: null,
      submitKey: newSubmitKey(),
      contact: { mobile: "13800138000" },
      address: BEIJING,
      ambientService: "express",
    });
    expect(placed).toMatchObject({ ok: true });
  });

  it("lists the cooperative's flash sales with host, session and phase", async () => {
    const sale = await liveSale();
    const { product } = await createProduct();
    const owner = await signedInUser({
      memberOf: [{ cooperativeId: product.cooperativeId, role: "owner" }],
    });
    const [made] = await db().select().from(products).where(eq(products.id, sale.productId));
    const theirStaff = await signedInUser({
      memberOf: [{ cooperativeId: made!.cooperativeId, role: "staff" }],
    });
    expect((await page(owner.cookie)).data.sales).toEqual([]);
    const seen = await page(theirStaff.cookie);
    expect(seen.data.sales).toMatchObject([
      {
        id: sale.saleId,
        code: sale.code,
        phase: "live",
        sessionTitle: "晚间直播",
        hostEmail: sale.host.email,
        priceFen: 990,
        quantity: 1000,
      },
    ]);
  });

  it("staff may look but not approve or revoke (403, nothing written); a host or shopper without a cooperative gets 403", async () => {
    const { a } = await twoCooperatives();
    const staff = await signedInUser({
      memberOf: [{ cooperativeId: a.cooperativeId, role: "staff" }],
    });
    const host = await signedInUser({ role: "host" });
    const view = await page(staff.cookie);
    expect(view.status).toBe(200);
    expect(view.data.canApprove).toBe(false);
    const before = await approvalsSnapshot();
    const res = await post(staff.cookie, {
      intent: "approve",
      hostEmail: host.user.email,
      productId: a.product.id,
      commissionBps: "5",
    });
    expect(res.status).toBe(403);
    expect(await approvalsSnapshot()).toBe(before);
    expect((await page(host.cookie)).status).toBe(403);
    expect((await page((await signedInUser()).cookie)).status).toBe(403);
  });
});
