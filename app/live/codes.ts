import { newShortCode, SHORT_CODE_PATTERN } from "../lib/short-code";

/** A short sale code for `/l/:code` (claims are rate-limited, so guessing is slower still). */
export const newSaleCode = (length = 8): string => newShortCode(length);

export const SALE_CODE_PATTERN = SHORT_CODE_PATTERN;
