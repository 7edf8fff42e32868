/** Why the live engine refused a host's or an owner's request; routes turn `code` into a 4xx. */
export class LiveError extends Error {
  constructor(
    readonly code:
      | "not_approved"
      | "not_found"
      | "price_not_below"
      | "insufficient_stock"
      | "bad_state"
      | "invalid",
    message: string,
  ) {
    super(message);
  }
}
