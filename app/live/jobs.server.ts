import { z } from "zod";
import { registerJobKind } from "../jobs/queue.server";
import { tickSale } from "./tick.server";

/*
 * The job kinds live runs. Loaded by app/lib/registry.server.ts, never imported.
 */

declare module "../jobs/queue.server" {
  interface JobKinds {
    live_sale_tick: { saleId: string };
  }
}

registerJobKind({
  kind: "live_sale_tick",
  payload: z.object({ saleId: z.string().min(1).max(64) }),
  run: ({ saleId }, job) => tickSale(saleId, new Date(), job.runAt),
});
