import { describe, expect, it } from "vitest";
import { presaleReleases } from "../../db/presale-schema";
import { signedInUser } from "../factories/users";
import { twoCooperatives } from "../factories/admin-world";
import { createPresaleOffer } from "../factories/presale";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { db } from "~/lib/db.server";
import * as detailRoute from "~/routes/admin.presales.$offerId";

withTestDatabase();

type Fn = Parameters<typeof callRoute>[0];
type Result = { release?: { packs: number | null; errors: Record<string, string> } };

const post = (cookie: string, offerId: string, form: Record<string, string>) =>
  callRoute<Result>(detailRoute.action as Fn, {
    url: `http://localhost/admin/presales/${offerId}`,
    method: "POST",
    cookie,
    params: { offerId },
    form,
  });

describe("the presale page's harvest release", () => {
  it("releases a batch once; refuses bad fields by name, another product's batch, and a stray form", async () => {
    const { a, b, owner } = await twoCooperatives();
    const p = await createPresaleOffer({ product: a.product, variant: a.variants[0]!, cap: 60 });
    const release = (over: Record<string, string>) =>
      post(owner.cookie, p.offerId, {
        intent: "release",
        offerId: p.offerId,
        harvestBatchId: a.batch.id,
        harvestedKg: "500",
        packs: "10",
        ...over,
      });
    const rows = async () => (await db().select().from(presaleReleases)).length;
    expect((await release({ packs: "0" })).data.release?.errors).toEqual({
      packs: "presale.release.packs",
    });
    expect((await release({ packs: "abc" })).status).toBe(422);
    expect((await release({ harvestedKg: "" })).data.release?.errors).toEqual({
      harvestedKg: "presale.release.harvestedKg",
    });
    expect((await release({ harvestBatchId: b.batch.id })).data.release?.errors).toEqual({
      harvestBatchId: "presale.release.batch",
    });
    expect((await release({ packs: "1000000" })).data.release?.errors).toEqual({
      packs: "presale.release.aboveHarvest",
    });
    expect((await release({ offerId: "ofr_other" })).status).toBe(404);
    expect(await rows()).toBe(0);

    const ok = await release({});
    expect(ok.status).toBe(200);
    expect(ok.data.release?.packs).toBe(10);
    const twice = await release({});
    expect(twice.status).toBe(409);
    expect(twice.data.release?.errors).toEqual({ harvestBatchId: "presale.release.twice" });
    expect(await rows()).toBe(1);

    const page = await callRoute<{ releases: { packs: number }[] }>(detailRoute.loader as Fn, {
      url: `http://localhost/admin/presales/${p.offerId}`,
      cookie: owner.cookie,
      params: { offerId: p.offerId },
    });
    expect(page.data.releases).toMatchObject([{ packs: 10 }]);
  });

  it("is a 404 for another cooperative's owner", async () => {
    const { a, b } = await twoCooperatives();
    const p = await createPresaleOffer({ product: a.product, variant: a.variants[0]!, cap: 60 });
    const other = await signedInUser({
      memberOf: [{ cooperativeId: b.product.cooperativeId, role: "owner" }],
    });
    const r = await post(other.cookie, p.offerId, {
      intent: "release",
      offerId: p.offerId,
      harvestBatchId: a.batch.id,
      harvestedKg: "500",
      packs: "10",
    });
    expect(r.status).toBe(404);
    expect(await db().select().from(presaleReleases)).toHaveLength(0);
  });
});
