import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inventoryLedger, inventoryLevels, variants } from "../../db/schema";
import { createCooperative, createProduct } from "../factories/catalog";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { db } from "~/lib/db.server";
import * as bulkRoute from "~/routes/admin.products.bulk";
import * as csvRoute from "~/routes/admin.products.csv";
import * as exportRoute from "~/routes/admin.products.export[.]csv";
import * as variantRoute from "~/routes/admin.stock.$variantId";
import * as stockRoute from "~/routes/admin.stock._index";

withTestDatabase();

/** Two cooperatives, each with a product, and a staff member of A only. */
async function twoCooperatives() {
  const a = await createCooperative({ nameEn: "A farm" });
  const b = await createCooperative({ nameEn: "B farm" });
  const pa = await createProduct({ cooperativeId: a.id, variants: [{ stock: 5 }] });
  const pb = await createProduct({ cooperativeId: b.id, variants: [{ stock: 7 }] });
  const member = await signedInUser({ memberOf: [{ cooperativeId: a.id, role: "staff" }] });
  return { a, b, va: pa.variants[0]!, vb: pb.variants[0]!, member };
}

async function snapshot() {
  const levels = await db().select().from(inventoryLevels).orderBy(inventoryLevels.variantId);
  const vs = await db()
    .select({ id: variants.id, price: variants.priceFen })
    .from(variants)
    .orderBy(variants.id);
  const [ledger] = await db()
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(inventoryLedger);
  return { levels: levels.map((l) => [l.variantId, l.available]), vs, ledger: ledger!.n };
}

function multipart(url: string, cookie: string | null, fields: Record<string, string | Blob>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  return new Request(url, { method: "POST", body, headers });
}

async function run(
  fn: (args: never) => unknown,
  request: Request,
  params: Record<string, string> = {},
) {
  try {
    const value = await fn({ request, params, context: {} } as never);
    return value instanceof Response
      ? value.status
      : ((value as { init?: { status?: number } })?.init?.status ?? 200);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

const U = "http://localhost";

describe("admin stock, bulk and CSV access", () => {
  it("sends a signed-out visitor to sign in from every loader and action", async () => {
    const { va } = await twoCooperatives();
    const cases: [string, Promise<{ status: number; headers: Headers }>][] = [
      ["stock list loader", callRoute(stockRoute.loader, { url: `${U}/admin/stock` })],
      [
        "stock list adjust",
        callRoute(stockRoute.action, {
          url: `${U}/admin/stock`,
          method: "POST",
          form: { intent: "adjust", variantId: va.id, delta: "1", reason: "x" },
        }),
      ],
      [
        "variant loader",
        callRoute(variantRoute.loader, {
          url: `${U}/admin/stock/${va.id}`,
          params: { variantId: va.id },
        }),
      ],
      [
        "variant adjust",
        callRoute(variantRoute.action, {
          url: `${U}/admin/stock/${va.id}`,
          method: "POST",
          params: { variantId: va.id },
          form: { intent: "adjust", variantId: va.id, delta: "1", reason: "x" },
        }),
      ],
      ["bulk loader", callRoute(bulkRoute.loader, { url: `${U}/admin/products/bulk` })],
      [
        "bulk save",
        callRoute(bulkRoute.action, {
          url: `${U}/admin/products/bulk`,
          method: "POST",
          form: { intent: "save", variantId: va.id },
        }),
      ],
      ["csv loader", callRoute(csvRoute.loader, { url: `${U}/admin/products/csv` })],
      ["export loader", callRoute(exportRoute.loader, { url: `${U}/admin/products/export.csv` })],
    ];
    for (const [name, pending] of cases) {
      const r = await pending;
      expect(r.status, name).toBe(302);
      expect(r.headers.get("Location"), name).toMatch(
        /^\/account\/sign-in\?redirectTo=%2Fadmin%2F/,
      );
    }
    expect(
      await run(
        csvRoute.action as never,
        multipart(`${U}/admin/products/csv`, null, { intent: "import", file: new Blob(["sku\n"]) }),
      ),
    ).toBe(302);
  });

  it("gives a member of A a 404 for every loader and action on B's variants, and changes nothing", async () => {
    const { vb, member } = await twoCooperatives();
    const before = await snapshot();
    const c = member.cookie;
    const adjust = { intent: "adjust", variantId: vb.id, delta: "-1", reason: "theft" };
    const statuses = {
      variantLoader: (
        await callRoute(variantRoute.loader, {
          url: `${U}/admin/stock/${vb.id}`,
          params: { variantId: vb.id },
          cookie: c,
        })
      ).status,
      variantAdjust: (
        await callRoute(variantRoute.action, {
          url: `${U}/admin/stock/${vb.id}`,
          method: "POST",
          params: { variantId: vb.id },
          cookie: c,
          form: adjust,
        })
      ).status,
      listAdjust: (
        await callRoute(stockRoute.action, {
          url: `${U}/admin/stock`,
          method: "POST",
          cookie: c,
          form: adjust,
        })
      ).status,
      bulkSave: (
        await callRoute(bulkRoute.action, {
          url: `${U}/admin/products/bulk`,
          method: "POST",
          cookie: c,
          form: {
            intent: "save",
            variantId: vb.id,
            [`price.${vb.id}`]: "1.00",
            [`compareAt.${vb.id}`]: "",
            [`available.${vb.id}`]: "0",
            [`expected.${vb.id}`]: "7",
          },
        })
      ).status,
      unknownVariant: (
        await callRoute(variantRoute.loader, {
          url: `${U}/admin/stock/var_nope`,
          params: { variantId: "var_nope" },
          cookie: c,
        })
      ).status,
    };
    expect(statuses).toEqual({
      variantLoader: 404,
      variantAdjust: 404,
      listAdjust: 404,
      bulkSave: 404,
      unknownVariant: 404,
    });
    expect(await snapshot()).toEqual(before);
  });

  it("gives a signed-in shopper with no cooperative a 403", async () => {
    const { va } = await twoCooperatives();
    const shopper = await signedInUser();
    const c = shopper.cookie;
    const statuses = [
      (await callRoute(stockRoute.loader, { url: `${U}/admin/stock`, cookie: c })).status,
      (
        await callRoute(variantRoute.loader, {
          url: `${U}/admin/stock/${va.id}`,
          params: { variantId: va.id },
          cookie: c,
        })
      ).status,
      (await callRoute(bulkRoute.loader, { url: `${U}/admin/products/bulk`, cookie: c })).status,
      (await callRoute(csvRoute.loader, { url: `${U}/admin/products/csv`, cookie: c })).status,
      (await callRoute(exportRoute.loader, { url: `${U}/admin/products/export.csv`, cookie: c }))
        .status,
      (
        await callRoute(stockRoute.action, {
          url: `${U}/admin/stock`,
          method: "POST",
          cookie: c,
          form: { intent: "adjust", variantId: va.id, delta: "1", reason: "x" },
        })
      ).status,
      await run(
        csvRoute.action as never,
        multipart(`${U}/admin/products/csv`, c, { intent: "import", file: new Blob(["sku\n"]) }),
      ),
    ];
    expect(statuses).toEqual([403, 403, 403, 403, 403, 403, 403]);
  });

  it("shows and exports only the current cooperative's variants", async () => {
    const { va, vb, member } = await twoCooperatives();
    const list = await callRoute<{ rows: { variantId: string }[] }>(stockRoute.loader, {
      url: `${U}/admin/stock`,
      cookie: member.cookie,
    });
    expect(list.data.rows.map((r) => r.variantId)).toEqual([va.id]);
    const bulk = await callRoute<{ rows: { variantId: string }[] }>(bulkRoute.loader, {
      url: `${U}/admin/products/bulk`,
      cookie: member.cookie,
    });
    expect(bulk.data.rows.map((r) => r.variantId)).toEqual([va.id]);
    const csv = await callRoute<string>(exportRoute.loader, {
      url: `${U}/admin/products/export.csv`,
      cookie: member.cookie,
    });
    expect(csv.data).toContain(va.sku);
    expect(csv.data).not.toContain(vb.sku);
  });

  it("lets the member adjust their own stock, records who and why, and refuses going negative", async () => {
    const { va, member } = await twoCooperatives();
    const ok = await callRoute<{ ok: boolean; available: number }>(variantRoute.action, {
      url: `${U}/admin/stock/${va.id}`,
      method: "POST",
      params: { variantId: va.id },
      cookie: member.cookie,
      form: { intent: "adjust", variantId: va.id, delta: "+3", reason: "new harvest" },
    });
    expect(ok.data).toMatchObject({ ok: true, available: 8 });
    const short = await callRoute<{ errors: Record<string, string> }>(stockRoute.action, {
      url: `${U}/admin/stock`,
      method: "POST",
      cookie: member.cookie,
      form: { intent: "adjust", variantId: va.id, delta: "-9", reason: "spoiled" },
    });
    expect(short.status).toBe(409);
    expect(short.data.errors).toEqual({ delta: "error.insufficient" });
    const bad = await callRoute<{ errors: Record<string, string> }>(stockRoute.action, {
      url: `${U}/admin/stock`,
      method: "POST",
      cookie: member.cookie,
      form: { intent: "adjust", variantId: va.id, delta: "1.5", reason: " " },
    });
    expect(bad.status).toBe(422);
    expect(bad.data.errors).toEqual({ delta: "error.delta", reason: "error.reason" });
    const unknown = await callRoute(stockRoute.action, {
      url: `${U}/admin/stock`,
      method: "POST",
      cookie: member.cookie,
      form: { intent: "nope" },
    });
    expect(unknown.status).toBe(400);
    const page = await callRoute<{
      history: { actor: string; reason: string; availableDelta: number }[];
      variant: { available: number };
    }>(variantRoute.loader, {
      url: `${U}/admin/stock/${va.id}`,
      params: { variantId: va.id },
      cookie: member.cookie,
    });
    expect(page.data.variant.available).toBe(8);
    expect(page.data.history).toMatchObject([
      { actor: member.user.email, reason: "new harvest", availableDelta: 3 },
    ]);
    const low = await callRoute<{ rows: unknown[] }>(stockRoute.loader, {
      url: `${U}/admin/stock?low=1`,
      cookie: member.cookie,
    });
    expect(low.data.rows).toHaveLength(1);
    await db()
      .update(inventoryLevels)
      .set({ available: 50 })
      .where(eq(inventoryLevels.variantId, va.id));
    const notLow = await callRoute<{ rows: unknown[] }>(stockRoute.loader, {
      url: `${U}/admin/stock?low=1`,
      cookie: member.cookie,
    });
    expect(notLow.data.rows).toHaveLength(0);
  });
});
