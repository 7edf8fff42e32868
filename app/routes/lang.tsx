import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { sameSitePath } from "~/auth/safe-redirect";
import { LOCALES } from "~/lib/i18n";
import { localeCookie } from "~/lib/locale.server";
import { readFormObject } from "~/lib/read-form.server";

const schema = z.object({
  lang: z.enum(LOCALES),
  // Only same-site paths, normalised and encoded: never an open redirect, always a valid Location.
  redirectTo: z.unknown().transform((to) => sameSitePath(to) ?? "/"),
});

export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(await readFormObject(request));
  if (!parsed.success) {
    return new Response("Unknown language", { status: 400 });
  }
  return redirect(parsed.data.redirectTo, {
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.lang) },
  });
}

export async function loader() {
  return redirect("/");
}
