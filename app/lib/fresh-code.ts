/**
 * Draws a random short code until `insert` finds it free (it inserts with ON CONFLICT DO NOTHING
 * on the code and returns the row, or nothing on a clash). Codes are drawn from spaces large enough
 * that a clash is rare; eight in a row means something else is wrong.
 */
export async function insertWithFreshCode<T>(
  what: string,
  draw: () => string,
  insert: (code: string) => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const row = await insert(draw());
    if (row !== undefined) return row;
  }
  throw new Error(`could not draw a free ${what} code`);
}
