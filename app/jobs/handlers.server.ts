import { z } from "zod";
import { refundPayment } from "../orders/cancel-refund.server";
import { createOrderShipments } from "../orders/fulfilment.server";
import { deliverNotification } from "../orders/notifications.server";
import { expireOrder } from "../orders/payment-flow.server";
import { PermanentJobError, type JobHandler, type JobKind } from "./queue.server";

/** Parses a job's payload; a payload no retry can fix fails the job for good with the reason. */
function payloadOf<T extends z.ZodTypeAny>(kind: JobKind, schema: T, payload: unknown): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PermanentJobError(
      `${kind}: bad payload: ${issue ? `${issue.path.join(".") || "payload"}: ${issue.message}` : "invalid"}`,
    );
  }
  return parsed.data;
}

const orderPayload = z.object({ orderId: z.string().min(1).max(64) });

/**
 * What each job kind does. Every handler is idempotent: a job may run more than once (its lease
 * lapsed mid-run, or the process died after the effect and before marking it done). A kind
 * missing here fails its job for good with "unknown job kind".
 */
// Arrows, not the functions themselves: this module and the modules it calls import the queue.
export const JOB_HANDLERS: Record<JobKind, JobHandler> = {
  create_shipments: async (payload) => {
    await createOrderShipments(payloadOf("create_shipments", orderPayload, payload));
  },
  expire_order: async (payload) => {
    await expireOrder(payloadOf("expire_order", orderPayload, payload));
  },
  deliver_notification: async (payload) => {
    await deliverNotification(
      payloadOf(
        "deliver_notification",
        z.object({ notificationId: z.number().int().positive() }),
        payload,
      ),
    );
  },
  refund_payment: async (payload) => {
    await refundPayment(
      payloadOf("refund_payment", z.object({ paymentId: z.string().min(1).max(64) }), payload),
    );
  },
};
