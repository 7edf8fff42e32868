const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * The request's form, or a thrown 415 (not a form at all: JSON, text/plain, no Content-Type)
 * or 400 (a form body that cannot be read, such as broken multipart). Actions call this instead
 * of `request.formData()`, whose TypeError would otherwise reach the user as a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) throw notAForm(FORM_TYPES);
  try {
    return await request.formData();
  } catch {
    throw unreadableForm();
  }
}

/** 415 for a body of the wrong type; `accepted` are the types the address takes. */
export function notAForm(accepted: readonly string[] = FORM_TYPES): Response {
  return new Response(`This address takes a form (${accepted.join(" or ")}).`, {
    status: 415,
    headers: { "Content-Type": "text/plain; charset=utf-8", Accept: accepted.join(", ") },
  });
}

/** 400 for a form body that cannot be read (broken multipart, cut short). */
export function unreadableForm(): Response {
  return new Response("The form could not be read.", {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** The form's fields as a plain object (the last value of a repeated name wins). */
export async function readFormObject(
  request: Request,
): Promise<Record<string, FormDataEntryValue>> {
  return Object.fromEntries(await readForm(request));
}
