/**
 * The 404 a route or a guard throws for a record that does not exist or that the caller may not
 * see (the two answer alike, so ids reveal nothing); Remix renders the nearest ErrorBoundary.
 */
export function notFound(message = "Not found"): Response {
  return new Response(message, { status: 404 });
}

/** Throws the 404 unless `condition` holds, and narrows it (epic-stack's `invariantResponse`). */
export function invariantFound(condition: unknown, message?: string): asserts condition {
  if (!condition) throw notFound(message);
}
