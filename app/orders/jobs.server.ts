import { z } from "zod";
import { registerJobKind } from "../jobs/queue.server";
import { refundPayment } from "./cancel-refund.server";
import { createOrderShipments } from "./fulfilment.server";
import { deliverNotification } from "./notifications.server";
import { voidLateHold } from "./held-payments.server";
import { expireOrder } from "./payment-flow.server";

/*
 * The job kinds orders runs. Loaded by app/lib/registry.server.ts, never imported: the job runner
 * finds this file by its name.
 */

declare module "../jobs/queue.server" {
  interface JobKinds {
    create_shipments: { orderId: string };
    expire_order: { orderId: string };
    deliver_notification: { notificationId: number };
    /** `overpaidFen`: only that much (paid beyond a revised or settled total); else all of it. */
    refund_payment: { paymentId: string; overpaidFen?: number };
    void_payment: { paymentId: string };
  }
}

const orderPayload = z.object({ orderId: z.string().min(1).max(64) });

registerJobKind({
  kind: "create_shipments",
  payload: orderPayload,
  run: createOrderShipments,
});

registerJobKind({
  kind: "expire_order",
  payload: orderPayload,
  run: expireOrder,
});

registerJobKind({
  kind: "deliver_notification",
  payload: z.object({ notificationId: z.number().int().positive() }),
  run: deliverNotification,
});

registerJobKind({
  kind: "refund_payment",
  payload: z.object({
    paymentId: z.string().min(1).max(64),
    overpaidFen: z.number().int().positive().optional(),
  }),
  run: refundPayment,
});

registerJobKind({
  kind: "void_payment",
  payload: z.object({ paymentId: z.string().min(1).max(64) }),
  run: voidLateHold,
});
