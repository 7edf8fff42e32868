import { z } from "zod";
import { registerJobKind } from "../jobs/queue.server";
import { settleDeal } from "./settle.server";

/*
 * The job kinds group deals run. Loaded by app/lib/registry.server.ts, never imported.
 */

declare module "../jobs/queue.server" {
  interface JobKinds {
    groupbuy_settle: { offerId: string };
  }
}

registerJobKind({
  kind: "groupbuy_settle",
  payload: z.object({ offerId: z.string().min(1).max(64) }),
  run: async ({ offerId }) => {
    await settleDeal(offerId);
  },
});
