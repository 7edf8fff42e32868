// Child process for groupbuy-race.test.ts: places the given joins all at once against
// DATABASE_URL (its own connection pool, as a second app instance would) and prints the outcomes
// as one JSON line. Args: url, offer id, pickup point id, how many joins, a prefix for the submit keys.
import { joinDeal } from "~/groupbuy/join.server";
import { openPostgres, setDatabase } from "~/lib/db.server";

const [url, offerId, pointId, n, prefix] = process.argv.slice(2);
const handle = openPostgres(url!, { max: 10 });
setDatabase(handle);
const outcomes = await Promise.all(
  Array.from({ length: Number(n) }, (_, i) =>
    joinDeal({
      offerId: offerId!,
      quantity: 1,
      delivery: { pickupPointId: pointId! },
      who: { name: "李四", mobile: "13912345678" },
      userId: null,
      submitKey: `sub_${prefix}_${i}_race0000000000`,
      contact: { mobile: "13912345678" },
      ambientService: "express",
    }),
  ),
);
await handle.close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
