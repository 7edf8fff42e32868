import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { and, asc, desc, eq, isNull, max } from "drizzle-orm";
import {
  notifications,
  orderParts,
  orders,
  type NotificationKind,
  type NotificationRow,
} from "../../db/orders-schema";
import { cooperatives } from "../../db/schema";
import { shipments } from "../../db/shipping-schema";
import { enqueueJob } from "../jobs/queue.server";
import { db, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import type { Locale } from "../lib/i18n";
import { mailOrigin } from "../lib/origin.server";
import {
  renderNotification,
  type NotificationChannel,
  type NotificationFacts,
} from "./notification-templates";

/**
 * Writes the messages about an order to its contact (an email if the order has an address, a
 * text message if it has a mobile) and a delivery job for each. Call it inside the transaction
 * of the change it reports, so a rolled-back change sends nothing. `dedupeKey` (default
 * `<kind>:<orderId>`, suffixed with the channel) makes a retry write nothing new.
 */
export async function queueNotification({
  tx = db(),
  orderId,
  kind,
  dedupeKey = `${kind}:${orderId}`,
  locale,
  presale,
  groupbuy,
}: {
  tx?: Executor;
  orderId: string;
  kind: NotificationKind;
  dedupeKey?: string;
  locale?: Locale;
  presale?: NotificationFacts["presale"];
  groupbuy?: NotificationFacts["groupbuy"];
}): Promise<{ queued: number }> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
  if (!order) throw new Error(`queueNotification: no order ${orderId}`);
  const trackingNumbers =
    kind === "order_shipped"
      ? (
          await tx
            .select({ n: shipments.trackingNumber })
            .from(shipments)
            .where(eq(shipments.orderId, orderId))
            .orderBy(asc(shipments.cooperativeId), asc(shipments.parcelIndex))
        ).map((r) => r.n)
      : [];
  const [slowest] = await tx
    .select({ days: max(cooperatives.handlingDays) })
    .from(orderParts)
    .innerJoin(cooperatives, eq(cooperatives.id, orderParts.cooperativeId))
    .where(eq(orderParts.orderId, orderId));
  const facts = {
    handlingDays: slowest?.days ?? undefined,
    code: order.code,
    itemsFen: order.itemsFen,
    shippingFen: order.shippingFen,
    totalFen: order.totalFen,
    refundedFen: order.refundedFen,
    link: `${mailOrigin()}/orders/${order.id}`,
    trackingNumbers,
    presale,
    groupbuy,
  };
  const targets: Array<[NotificationChannel, string]> = [];
  if (order.email) targets.push(["email", order.email]);
  if (order.mobile) targets.push(["sms", order.mobile]);

  let queued = 0;
  for (const [channel, to] of targets) {
    const { subject, body } = renderNotification({ kind, channel, facts, locale });
    const [row] = await tx
      .insert(notifications)
      .values({ orderId, kind, channel, to, subject, body, dedupeKey: `${dedupeKey}:${channel}` })
      .onConflictDoNothing({ target: notifications.dedupeKey })
      .returning({ id: notifications.id });
    if (!row) continue;
    queued++;
    await enqueueJob({
      tx,
      kind: "deliver_notification",
      payload: { notificationId: row.id },
      dedupeKey: `deliver_notification:${row.id}`,
    });
  }
  return { queued };
}

export function notificationsLogPath(): string {
  return path.resolve(env.DATA_DIR, "notifications.log");
}

/**
 * The development transport: appends the message to DATA_DIR/notifications.log and marks it
 * sent. The row stays locked while it is written, so two workers never both send it; a crash
 * after the append and before the commit sends it again (at least once, like any real transport).
 */
export async function deliverNotification({
  notificationId,
}: {
  notificationId: number;
}): Promise<{ sent: boolean }> {
  return db().transaction(async (tx) => {
    const [n] = await tx
      .select()
      .from(notifications)
      .where(and(eq(notifications.id, notificationId), isNull(notifications.sentAt)))
      .for("update");
    if (!n) return { sent: false };
    await writeToLog(n);
    await tx.update(notifications).set({ sentAt: new Date() }).where(eq(notifications.id, n.id));
    // One line: the body holds the order link, which is enough to see the order.
    console.log(`notification #${n.id} ${n.kind} sent by ${n.channel} to ${n.to}`);
    return { sent: true };
  });
}

async function writeToLog(n: NotificationRow): Promise<void> {
  const file = notificationsLogPath();
  await mkdir(path.dirname(file), { recursive: true });
  const entry = [
    `── #${n.id} ${new Date().toISOString()} ${n.kind} via ${n.channel}`,
    `To:      ${n.to}`,
    `Subject: ${n.subject}`,
    "",
    n.body,
    "",
    "",
  ].join("\n");
  await appendFile(file, entry, "utf8");
}

/** The newest notifications (of one order, if given), for scripts/notifications.ts and tests. */
export async function recentNotifications({
  orderId,
  limit = 20,
}: { orderId?: string; limit?: number } = {}) {
  return db()
    .select()
    .from(notifications)
    .where(orderId ? eq(notifications.orderId, orderId) : undefined)
    .orderBy(desc(notifications.id))
    .limit(limit);
}
