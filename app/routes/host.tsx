import type {
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { CashDollarIcon, PlayIcon } from "@shopify/polaris-icons";
import { requireHost } from "~/auth/session.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { ConsoleFrame } from "~/components/admin/admin-frame";
import { useAdminT } from "~/components/admin/admin-i18n";
import { Polaris } from "~/components/admin/polaris";
import { isLocale } from "~/lib/i18n";
import { hostShellMessages } from "~/live/components/host-messages";
import adminStyles from "~/styles/admin.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: adminStyles },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireHost(request);
  return { user: { name: user.name, email: user.email, platformAdmin: user.role === "admin" } };
}

// A host's pages show buyers' orders and earnings: never kept by a browser or a shared cache.
export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? "private, no-store",
});

export const meta: MetaFunction = ({ matches }) => {
  const rootData = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(rootData?.locale) ? rootData.locale : "zh";
  return [
    { title: hostShellMessages[locale]["host.title"] },
    { name: "robots", content: "noindex" },
  ];
};

function HostFrame({ children }: { children: React.ReactNode }) {
  const { user } = useLoaderData<typeof loader>();
  const { t } = useAdminT(hostShellMessages);
  return (
    <ConsoleFrame
      user={user}
      detail={user.platformAdmin ? t("user.platformAdmin") : t("host.role")}
      home="/host"
      title={t("host.title")}
      nav={[
        { url: "/host", label: t("host.nav.sessions"), icon: PlayIcon },
        { url: "/host/earnings", label: t("host.nav.earnings"), icon: CashDollarIcon },
      ]}
    >
      {children}
    </ConsoleFrame>
  );
}

export default function HostLayout() {
  return (
    <Polaris>
      <HostFrame>
        <Outlet />
      </HostFrame>
    </Polaris>
  );
}

/** The layout itself failed (a shopper's account, say): no frame, just the message. */
export function ErrorBoundary() {
  return (
    <Polaris>
      <AdminErrorContent />
    </Polaris>
  );
}
