import { and, count, eq, inArray, lt } from "drizzle-orm";
import { presaleOrders, presaleTerms, type PresaleState } from "../../db/presale-schema";
import { db } from "../lib/db.server";
import { offerTerms } from "./choice.server";

export interface PresaleStatus {
  state: PresaleState;
  quantity: number;
  depositFen: number;
  balanceFen: number;
  /** Place in line among the orders still waiting (1 = next), while it waits. */
  place: number | null;
  harvestFrom: string;
  harvestTo: string;
  deadlineAt: string | null;
  /** A short harvest's offer of fewer packs, while the shopper decides. */
  offer: { packs: number; balanceFen: number; refundFen: number } | null;
}

/** Where a presale order stands, for its page. */
export async function presaleStatus(orderId: string): Promise<PresaleStatus | null> {
  const [row] = await db()
    .select({ p: presaleOrders, from: presaleTerms.harvestFrom, to: presaleTerms.harvestTo })
    .from(presaleOrders)
    .innerJoin(presaleTerms, eq(presaleTerms.offerId, presaleOrders.offerId))
    .where(eq(presaleOrders.orderId, orderId));
  if (!row) return null;
  const { p } = row;
  let place: number | null = null;
  if ((p.state === "waiting" || p.state === "short") && p.queueSeq !== null) {
    const [ahead] = await db()
      .select({ n: count() })
      .from(presaleOrders)
      .where(
        and(
          eq(presaleOrders.offerId, p.offerId),
          inArray(presaleOrders.state, ["waiting", "short"]),
          lt(presaleOrders.queueSeq, p.queueSeq),
        ),
      );
    place = (ahead?.n ?? 0) + 1;
  }
  return {
    state: p.state,
    quantity: p.quantity,
    depositFen: p.depositFen,
    balanceFen: p.balanceFen,
    place,
    harvestFrom: row.from,
    harvestTo: row.to,
    deadlineAt: p.deadlineAt?.toISOString() ?? null,
    offer: await offerTerms(p),
  };
}
