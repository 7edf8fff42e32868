import type { z } from "zod";

/** Field name → the message key of its first problem, as a form shows it beside the field. */
export type FieldErrors<K extends string = string> = Record<string, K>;

/**
 * The first message of each field of a failed parse, keyed by the field's dotted path
 * (`variant.priceFen`; a flat form's names are plain), or `form` for a problem with the whole
 * object. Schemas' messages are the keys a page translates; `message` rewrites each one where a
 * form can meet zod's own English (a wrong type, say) and wants a key in its place.
 */
export function fieldErrors<K extends string = string>(
  error: z.ZodError,
  { message = (m) => m as K }: { message?: (message: string) => K } = {},
): FieldErrors<K> {
  const out: FieldErrors<K> = {};
  for (const issue of error.issues) out[issue.path.join(".") || "form"] ??= message(issue.message);
  return out;
}
