import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { currentCooperativeCookie } from "~/auth/cooperative-context.server";
import { assertCooperativeAccess, requireAdminUser } from "~/auth/session.server";
import { cooperativeExists } from "~/catalog/admin-cooperatives.server";
import { switchFields } from "~/catalog/admin-schemas";
import { readFormObject } from "~/lib/read-form.server";
import { invariantFound } from "~/lib/not-found";

/** Chooses which cooperative the admin works on: only one the user may act for. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdminUser(request);
  const parsed = switchFields.safeParse(await readFormObject(request));
  if (!parsed.success) throw new Response("Choose a cooperative", { status: 400 });
  const { cooperativeId, redirectTo } = parsed.data;
  assertCooperativeAccess(user, cooperativeId);
  // A platform admin passes the membership check for any id; an unknown one is still 404.
  invariantFound(await cooperativeExists({ cooperativeId }));
  return redirect(redirectTo, {
    headers: { "Set-Cookie": await currentCooperativeCookie.serialize(cooperativeId) },
  });
}

export async function loader() {
  return redirect("/admin");
}
