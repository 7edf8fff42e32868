// Loads the demo catalog into an empty database; does nothing if cooperatives exist already.
import { boot } from "../app/lib/boot.server";

const handle = await boot({ seed: true });
await handle.close();
