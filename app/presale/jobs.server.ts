import { z } from "zod";
import { registerJobKind } from "../jobs/queue.server";
import { chargeBalance, chargeBalances, passDeadline } from "./balance.server";
import { allocateRelease } from "./release.server";

/*
 * The job kinds presales run. Loaded by app/lib/registry.server.ts, never imported.
 */

declare module "../jobs/queue.server" {
  interface JobKinds {
    presale_allocate: { releaseId: string };
    presale_charge_balance: { orderId: string };
    presale_charge_balances: { releaseId: string; orderIds: string[] };
    presale_deadline: { orderId: string };
  }
}

const id = z.string().min(1).max(64);

registerJobKind({
  kind: "presale_allocate",
  payload: z.object({ releaseId: id }),
  run: async ({ releaseId }) => {
    await allocateRelease(releaseId);
  },
});

registerJobKind({
  kind: "presale_charge_balance",
  payload: z.object({ orderId: id }),
  run: async ({ orderId }) => {
    await chargeBalance(orderId);
  },
});

registerJobKind({
  kind: "presale_charge_balances",
  // Up to a chunk: jobs queued before a change of CHARGE_BATCH still read.
  payload: z.object({ releaseId: id, orderIds: z.array(id).min(1).max(1_000) }),
  run: ({ releaseId, orderIds }, job) =>
    chargeBalances({ releaseId, orderIds }, { jobId: job.id, lockedUntil: job.lockedUntil }),
});

registerJobKind({
  kind: "presale_deadline",
  payload: z.object({ orderId: id }),
  run: async ({ orderId }) => {
    await passDeadline(orderId);
  },
});
