import { z } from "zod";
import { deliverNotification } from "../orders/notifications.server";
import { PermanentJobError, type JobHandler } from "./queue.server";

/** Parses a job's payload; a payload no retry can fix fails the job for good with the reason. */
function payloadOf<T extends z.ZodTypeAny>(schema: T, payload: unknown, kind: string): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new PermanentJobError(`${kind}: bad payload: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

/** What each job kind does. Every handler is idempotent: a job may run more than once. */
// Wrapped in arrows: this module and the modules it calls import each other through the queue.
export const JOB_HANDLERS: Partial<Record<string, JobHandler>> = {
  deliver_notification: async (payload) => {
    const { notificationId } = payloadOf(z.object({ notificationId: z.number().int().positive() }), payload, "deliver_notification");
    await deliverNotification({ notificationId });
  },
};
