// Child process for presale-race.test.ts: places the given pre-orders all at once against
// DATABASE_URL (its own connection pool, as a second app instance would) and prints the outcomes
// as one JSON line. Args: url, offer id, comma-separated quantities, a prefix for the submit keys.
import { openPostgres, setDatabase } from "~/lib/db.server";
import { placePresaleOrder } from "~/presale/place.server";
import { BEIJING } from "../factories/orders";

const [url, offerId, quantities, prefix] = process.argv.slice(2);
const handle = openPostgres(url!, { max: 10 });
setDatabase(handle);
const outcomes = await Promise.all(
  quantities!.split(",").map((q, i) =>
    placePresaleOrder({
      offerId: offerId!,
      quantity: Number(q),
      userId: null,
      submitKey: `sub_${prefix}_${i}_race0000000000`,
      contact: { mobile: "13812345678" },
      address: { ...BEIJING, mobile: "13812345678" },
      ambientService: "express",
    }).then((o) => ({ quantity: Number(q), ...o })),
  ),
);
await handle.close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
