import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { LOCALES } from "~/lib/i18n";
import { localeCookie } from "~/lib/locale.server";

const schema = z.object({
  lang: z.enum(LOCALES),
  // Only same-site paths: never an open redirect.
  redirectTo: z
    .string()
    .regex(/^\/(?!\/)[^\s\\]*$/)
    .catch("/"),
});

export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
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
