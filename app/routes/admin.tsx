import type {
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { switchableCooperatives } from "~/catalog/admin-cooperatives.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { AdminFrame } from "~/components/admin/admin-frame";
import { adminShellMessages } from "~/components/admin/admin-messages";
import { Polaris } from "~/components/admin/polaris";
import { isLocale, pick } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import adminStyles from "~/styles/admin.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: adminStyles },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, cooperative, role } = await requireCooperativeContext(request);
  const locale = await getLocale(request);
  const all = await switchableCooperatives({ user });
  return {
    user: { name: user.name, email: user.email, platformAdmin: user.role === "admin" },
    role,
    cooperative: { id: cooperative.id, name: pick(cooperative, "name", locale) },
    cooperatives: all.map((c) => ({ id: c.id, name: pick(c, "name", locale) })),
  };
}

// Every admin page shows shoppers' names, phone numbers and addresses: never kept by a browser or
// a shared cache. Child routes without headers of their own inherit this.
export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? "private, no-store",
});

export const meta: MetaFunction = ({ matches }) => {
  const rootData = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(rootData?.locale) ? rootData.locale : "zh";
  return [
    { title: adminShellMessages[locale]["admin.title"] },
    { name: "robots", content: "noindex" },
  ];
};

export default function AdminLayout() {
  const data = useLoaderData<typeof loader>();
  return (
    <Polaris>
      <AdminFrame data={data}>
        <Outlet />
      </AdminFrame>
    </Polaris>
  );
}

/** The layout itself failed (signed in without a cooperative, say): no frame, just the message. */
export function ErrorBoundary() {
  return (
    <Polaris>
      <AdminErrorContent layout />
    </Polaris>
  );
}
