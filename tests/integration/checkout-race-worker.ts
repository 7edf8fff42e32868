// Child process for checkout-race.test.ts: submits the given carts at once against DATABASE_URL
// (its own connection pool, as a second app instance would) and prints the outcomes as one JSON line.
import { openPostgres, setDatabase } from "~/lib/db.server";
import { submitCheckout } from "~/orders/checkout.server";
import { BEIJING } from "../factories/orders";

const [url, cartsArg] = process.argv.slice(2);
const handle = openPostgres(url!, { max: 10 });
setDatabase(handle);
const cartIds = cartsArg!.split(",");
const outcomes = await Promise.all(
  cartIds.map((cartId, i) =>
    submitCheckout({
      cartId,
      submitKey: `race-${cartId}-${i}`.replace(/[^A-Za-z0-9_-]/g, "_"),
      contact: { email: `s${i}@example.com` },
      address: BEIJING,
      ambientService: "express",
    }),
  ),
);
await handle.close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
