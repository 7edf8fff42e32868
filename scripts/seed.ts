// Loads the demo catalog into an empty database; does nothing if cooperatives exist already.
import { boot } from "../app/lib/boot.server";
import { seedDemoData } from "./seed/seed";

try {
  const handle = await boot({ seed: seedDemoData });
  await handle.close();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
