import { mailOutbox } from "../../db/auth-schema";
import { db, type Executor } from "./db.server";

export interface OutgoingMail {
  to: string;
  subject: string;
  body: string;
}

/**
 * Queues an email. The development transport is the `mail_outbox` table itself: tests read it,
 * and `npx tsx scripts/mail-outbox.ts` prints it. `sent_at` stays null until a real transport
 * delivers the row. Pass `tx` to queue the mail only if the surrounding transaction commits.
 */
export async function sendMail({
  to,
  subject,
  body,
  tx = db(),
}: OutgoingMail & { tx?: Executor }): Promise<{ id: number }> {
  const [row] = await tx
    .insert(mailOutbox)
    .values({ to, subject, body })
    .returning({ id: mailOutbox.id });
  // One line per mail; the body can hold a sign-in secret (a reset link), so it is not logged.
  console.log(`mail #${row!.id} queued for ${to}: ${subject}`);
  return { id: row!.id };
}
