// Prints the newest messages in the development mail outbox (password reset links, later order
// mail). Usage: npx tsx scripts/mail-outbox.ts [--to someone@example.com] [--limit 5]
import { parseArgs } from "node:util";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { mailOutbox } from "../db/auth-schema";
import { openDatabaseOrExit } from "./lib/open-database";

const { values } = parseArgs({
  options: { to: { type: "string" }, limit: { type: "string", default: "5" } },
});
const args = z
  .object({
    to: z.string().trim().toLowerCase().email().optional(),
    limit: z.coerce.number().int().min(1).max(100),
  })
  .safeParse(values);
if (!args.success) {
  console.error("usage: npx tsx scripts/mail-outbox.ts [--to someone@example.com] [--limit 1-100]");
  process.exit(2);
}

const handle = await openDatabaseOrExit({
  embeddedHint: "Reset links stay valid for an hour, so the link still works after the restart.",
});

try {
  const rows = await handle.db
    .select()
    .from(mailOutbox)
    .where(args.data.to ? eq(mailOutbox.to, args.data.to) : undefined)
    .orderBy(desc(mailOutbox.id))
    .limit(args.data.limit);
  if (rows.length === 0) console.log("The outbox is empty.");
  // Oldest first, so the newest message ends up right above the prompt.
  for (const m of rows.reverse()) {
    console.log(
      `── #${m.id}  ${m.createdAt.toISOString()}  ${m.sentAt ? "sent" : "not sent (development outbox)"}`,
    );
    console.log(`To:      ${m.to}`);
    console.log(`Subject: ${m.subject}\n`);
    console.log(`${m.body}\n`);
  }
} finally {
  await handle.close();
}
