// Child process for shipments-concurrency.test.ts: creates `count` orders' shipments against
// DATABASE_URL and prints their tracking numbers as one JSON line.
import { openPostgres, setDatabase } from "~/lib/db.server";
import { createShipments } from "~/shipping/shipments.server";
import { RECIPIENT, SENDER } from "../factories/shipments";

const [url, cooperativeId, prefix, countArg] = process.argv.slice(2);
const handle = openPostgres(url!, { max: 10 });
setDatabase(handle);
const count = Number(countArg);
const numbers: string[] = [];
await Promise.all(
  Array.from({ length: 10 }, async (_, lane) => {
    for (let i = lane; i < count; i += 10) {
      const r = await createShipments({
        orderId: `${prefix}-${i}`,
        cooperativeId: cooperativeId!,
        origin: "36",
        destination: "11",
        sender: SENDER,
        recipient: RECIPIENT,
        items: [
          {
            weightG: 1000,
            lengthMm: 100,
            widthMm: 100,
            heightMm: 100,
            storage: "ambient",
            quantity: 1,
          },
        ],
      });
      if (!r.ok) throw new Error(r.message);
      numbers.push(...r.shipments.map((s) => s.trackingNumber));
    }
  }),
);
await handle.close();
process.stdout.write(`${JSON.stringify(numbers)}\n`);
