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
    /** The form field the refusal concerns, when it is one field's. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The HTTP status a refusal is answered with: gone or never there, a state that moved on, or input the engine will not take. */
export function refusalStatus(code: LiveError["code"]): 404 | 409 | 422 {
  return code === "not_found" ? 404 : code === "bad_state" ? 409 : 422;
}
