/**
 * What a pack's figures may be, in the units stored. One definition for the product form, bulk
 * edit and the CSV import, so none of them lets in what another refuses. All fit far inside the
 * 32-bit `integer` columns.
 */

/** ¥0.01 to ¥99,999.99, in fen; the compare-at ("was") price too. */
export const PRICE_FEN = { min: 1, max: 9_999_999 } as const;
/** 1 g to 1,000 kg per pack, net and shipping. */
export const WEIGHT_G = { min: 1, max: 1_000_000 } as const;
/** Box edges from 1 mm to 3 m. */
export const DIMENSION_MM = { min: 1, max: 3_000 } as const;
export const SHELF_LIFE_DAYS = { min: 1, max: 3_650 } as const;
/** Available stock of one pack, and the largest single change to it. */
export const STOCK = { min: 0, max: 10_000_000 } as const;

export type Limit = { readonly min: number; readonly max: number };
export const within = (n: number, { min, max }: Limit) =>
  Number.isSafeInteger(n) && n >= min && n <= max;
