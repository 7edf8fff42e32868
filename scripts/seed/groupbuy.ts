import { and, eq } from "drizzle-orm";
import { createDeal } from "../../app/groupbuy/deals.server";
import { joinDeal } from "../../app/groupbuy/join.server";
import { createPoint } from "../../app/groupbuy/pickup-points.server";
import { db as globalDb, type Database } from "../../app/lib/db.server";
import { newId } from "../../app/lib/ids";
import { startPayment } from "../../app/orders/payment-flow.server";
import { activeProviderName } from "../../app/payments/provider.server";
import { paySimulated } from "../../app/payments/simulated-pay.server";
import { memberships } from "../../db/auth-schema";
import { products, variants } from "../../db/schema";

/*
 * The demo group deal: the 5 kg family box of Gannan navel oranges, cheaper per box as the
 * group grows, collected at two pickup points in Xinfeng led by the two demo leaders (README,
 * "Community group-buys"). A few neighbours have joined (their payments held on the simulated
 * card page, as shoppers' are), so the deal shows its progress to the minimum.
 */
export const DEMO_GROUPBUY_SKU = "XF-NAVEL-5";
const DAY = 86_400_000;

export const DEMO_PICKUP_POINTS = [
  {
    name: "东门社区团购点",
    addressLine: "嘉定镇东门路 18 号（东门菜市场旁）",
    openingHours: "每天 8:00–20:00",
    leaderEmail: "leader1@harvest.example",
    leaderName: "王秀兰",
    leaderMobile: "13807971234",
    commissionBps: 800,
  },
  {
    name: "西街便利店",
    addressLine: "嘉定镇西街 66 号",
    openingHours: "每天 9:00–21:00",
    leaderEmail: "leader2@harvest.example",
    leaderName: "李春生",
    leaderMobile: "13907975678",
    commissionBps: 600,
  },
] as const;

/** The neighbours who have joined: packs, which point (by index), name and mobile. */
export const DEMO_GROUPBUY_JOINS = [
  { quantity: 2, point: 0, name: "赵丽", mobile: "13979712001" },
  { quantity: 1, point: 0, name: "钱伟", mobile: "13979712002" },
  { quantity: 3, point: 1, name: "孙芳", mobile: "13979712003" },
  { quantity: 2, point: 0, name: "周强", mobile: "13979712004" },
] as const;

export async function seedDemoGroupbuy({
  db,
  log = () => {},
  now = new Date(),
}: {
  db: Database;
  log?: (line: string) => void;
  now?: Date;
}): Promise<{ offerId: string | null; joins: number }> {
  if (globalDb() !== db)
    throw new Error("seedDemoGroupbuy: the database given must be the app's (setDatabase)");
  const [pack] = await db
    .select({ id: variants.id, cooperativeId: products.cooperativeId })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.sku, DEMO_GROUPBUY_SKU));
  if (!pack) return { offerId: null, joins: 0 };
  const pointIds: string[] = [];
  for (const p of DEMO_PICKUP_POINTS) {
    const made = await createPoint({
      cooperativeId: pack.cooperativeId,
      input: {
        ...p,
        provinceCode: "36",
        cityCode: "3607",
        districtCode: "360722",
        active: true,
      },
    });
    if (!made.ok) throw new Error(`demo pickup point refused: ${JSON.stringify(made)}`);
    pointIds.push(made.pointId);
  }
  const [owner] = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.cooperativeId, pack.cooperativeId), eq(memberships.role, "owner")));
  const created = await createDeal({
    cooperativeId: pack.cooperativeId,
    actor: owner?.id ?? "seed",
    now,
    input: {
      variantId: pack.id,
      tiers: [
        { minQuantity: 1, priceFen: 5_990 },
        { minQuantity: 10, priceFen: 5_490 },
        { minQuantity: 20, priceFen: 4_990 },
      ],
      minQuantity: 10,
      maxQuantity: 60,
      // Within the card holds' lifetime: joins are held, captured at the tier price at the deadline.
      endsAt: new Date(now.getTime() + 3 * DAY),
      pickupPointIds: pointIds,
      allowHomeDelivery: true,
    },
  });
  if (!created.ok) throw new Error(`demo group deal refused: ${JSON.stringify(created)}`);
  if (activeProviderName() !== "simulated") {
    log("demo group deal joins skipped: they are held with the simulated provider");
    return { offerId: created.offerId, joins: 0 };
  }
  let joined = 0;
  for (const j of DEMO_GROUPBUY_JOINS) {
    const join = await joinDeal({
      offerId: created.offerId,
      quantity: j.quantity,
      delivery: { pickupPointId: pointIds[j.point]! },
      who: { name: j.name, mobile: j.mobile },
      userId: null,
      submitKey: newId("seed", 24),
      contact: { mobile: j.mobile },
      ambientService: "express",
      now,
    });
    if (!join.ok) throw new Error(`demo join refused: ${JSON.stringify(join)}`);
    const started = await startPayment({ orderId: join.orderId, origin: "http://127.0.0.1:3000" });
    if (!started.ok) throw new Error(`demo join payment not started: ${started.error}`);
    const paid = await paySimulated({
      paymentId: started.redirectUrl.replace("/pay/", ""),
      form: { number: "4242 4242 4242 4242", expiry: "12/39", cvc: "123", name: j.name },
      now,
    });
    if (paid.kind !== "paid") throw new Error(`demo join not held: ${paid.kind}`);
    joined++;
  }
  log(`demo group deal ${created.offerId} (/g/${created.shareCode}): ${joined} joins held`);
  return { offerId: created.offerId, joins: joined };
}
