import { registry } from "../lib/registry.server";

/*
 * What happened to parcels, announced to the one handler the side that owns them registers (the
 * order side today: app/orders/on-parcel.server.ts follows its parcels). Shipping never imports
 * orders. An event nobody handles throws: it is never dropped.
 *
 * Later events (a parcel stalled, found by a sweep) are new entries here and a new registration.
 */

export interface ParcelEvents {
  /**
   * Tracking events were stored for parcels of these orders, and have committed. The handler
   * must not fail the batch the carrier sent (it is stored): it logs what it cannot do instead.
   */
  tracked: { event: { orderIds: string[]; actor: string }; result: void };
}

export type ParcelEventType = keyof ParcelEvents;
export type ParcelEvent<T extends ParcelEventType> = ParcelEvents[T]["event"];
export type ParcelEventHandler<T extends ParcelEventType> = (
  event: ParcelEvent<T>,
) => Promise<ParcelEvents[T]["result"]>;

const handlers = registry<(event: never) => Promise<unknown>>("parcel event");

/** Registers the handler of one event (once per process; a second registration throws). */
export function handleParcelEvent<T extends ParcelEventType>(
  type: T,
  handler: ParcelEventHandler<T>,
): void {
  handlers.register(type, handler);
}

/** Hands an event to its handler; throws when none is registered. */
export async function announceParcelEvent<T extends ParcelEventType>(
  type: T,
  event: ParcelEvent<T>,
): Promise<ParcelEvents[T]["result"]> {
  const handler = (await handlers.require(type)) as ParcelEventHandler<T>;
  return handler(event);
}
