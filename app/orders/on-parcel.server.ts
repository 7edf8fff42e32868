import { handleParcelEvent } from "../shipping/parcel-events.server";
import { syncOrdersQuietly } from "./fulfilment.server";

/*
 * What orders does when its parcels move: shipped once the carrier has every parcel, delivered
 * once all arrived. Loaded by app/lib/registry.server.ts, never imported.
 */

handleParcelEvent("tracked", syncOrdersQuietly);
