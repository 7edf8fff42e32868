import { registry } from "../lib/registry.server";
import { expiredOwners, releaseReservations } from "./reservations.server";

/**
 * Each kind of hold owner (an order, later a flash-sale claim, a presale allocation, a group join)
 * registers what happens when its hold lapses. The sweeper finds lapsed holds and hands each to its
 * owner; a hold whose owner kind nobody registered, or whose owner never materialised, is released
 * here, so stock is never left held by nothing.
 */
export interface HoldOwner {
  /**
   * The hold of `ref` lapsed. `dispatched`: the owner took it in hand now (queued its expiry job);
   * `pending`: it had already; `missing`: no such owner exists, release the stock.
   */
  onExpired(a: { ref: string; now: Date }): Promise<"dispatched" | "pending" | "missing">;
}

// Owners register from app/<domain>/on-hold-expired.server.ts (app/lib/registry.server.ts finds them).
const owners = registry<HoldOwner>("hold owner");

export function registerHoldOwner(kind: string, owner: HoldOwner): void {
  owners.register(kind, owner);
}

/**
 * The expiry sweeper: every lapsed hold goes to its owner's handler; one with no registered owner
 * kind, or whose owner says it does not exist, is released (reason `owner_missing`).
 */
export async function sweepExpiredHolds({
  now = new Date(),
  limit = 100,
}: { now?: Date; limit?: number } = {}): Promise<{ dispatched: number; released: number }> {
  let dispatched = 0;
  let released = 0;
  for (const { ownerKind, ref } of await expiredOwners({ now, limit })) {
    const owner = await owners.find(ownerKind);
    const outcome = owner ? await owner.onExpired({ ref, now }) : "missing";
    if (outcome === "dispatched") dispatched++;
    if (outcome === "missing") {
      const r = await releaseReservations({
        ref,
        reason: "owner_missing",
        actor: `sweeper:${ownerKind}`,
      });
      released += r.released;
    }
  }
  return { dispatched, released };
}
