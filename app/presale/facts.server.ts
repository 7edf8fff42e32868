import { eq } from "drizzle-orm";
import { presaleTerms } from "../../db/presale-schema";
import type { Executor } from "../lib/db.server";
import { harvestWindowText } from "./harvest-window";

/** "2027-01-10 – 2027-01-25": the expected harvest as a message says it. */
export async function harvestWindow(ex: Executor, offerId: string): Promise<string> {
  const [t] = await ex
    .select({ from: presaleTerms.harvestFrom, to: presaleTerms.harvestTo })
    .from(presaleTerms)
    .where(eq(presaleTerms.offerId, offerId));
  if (!t) return "";
  return harvestWindowText(t.from, t.to);
}

/** A deadline as a message says it, in China time: "2027-01-12 18:00". */
export function deadlineText(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3_600_000);
  return `${local.toISOString().slice(0, 16).replace("T", " ")} (UTC+8)`;
}
