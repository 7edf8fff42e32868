// Prints the newest shopper notifications (order confirmations, shipped, cancelled, refunded) from
// the notification outbox. Usage: npx tsx scripts/notifications.ts [--order ord_…] [--limit 5]
// The development transport also appends every delivered message to DATA_DIR/notifications.log.
import { parseArgs } from "node:util";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { notifications } from "../db/orders-schema";
import { openDatabaseOrExit } from "./lib/open-database";

const { values } = parseArgs({
  options: { order: { type: "string" }, limit: { type: "string", default: "5" } },
});
const args = z
  .object({
    order: z
      .string()
      .regex(/^ord_[A-Za-z0-9]{1,40}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(100),
  })
  .safeParse(values);
if (!args.success) {
  console.error("usage: npx tsx scripts/notifications.ts [--order ord_…] [--limit 1-100]");
  process.exit(2);
}

const handle = await openDatabaseOrExit();

try {
  const rows = await handle.db
    .select()
    .from(notifications)
    .where(args.data.order ? eq(notifications.orderId, args.data.order) : undefined)
    .orderBy(desc(notifications.id))
    .limit(args.data.limit);
  if (rows.length === 0) console.log("No notifications yet.");
  // Oldest first, so the newest message ends up right above the prompt.
  for (const n of rows.reverse()) {
    console.log(
      `── #${n.id}  ${n.createdAt.toISOString()}  ${n.kind} by ${n.channel}  ${n.sentAt ? `sent ${n.sentAt.toISOString()}` : "queued"}`,
    );
    console.log(`To:      ${n.to}`);
    console.log(`Subject: ${n.subject}\n`);
    console.log(`${n.body}\n`);
  }
} finally {
  await handle.close();
}
