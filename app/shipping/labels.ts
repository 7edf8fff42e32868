/**
 * Printing many parcels' labels in one file, from /admin/shipments. Client-safe: the page builds
 * the link and shows the limit; `labels.server.ts` draws the pages.
 */

/** The most labels one file holds: a courier's pickup is rarely more, and each page costs ~60 ms. */
export const MAX_LABELS_PER_FILE = 50;

/** GET /admin/shipments/labels.pdf with the parcels in the order given. */
export function labelsUrl(shipmentIds: readonly string[]): string {
  return `/admin/shipments/labels.pdf?${new URLSearchParams(shipmentIds.map((id) => ["id", id]))}`;
}
