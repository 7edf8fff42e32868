import { Form, useLocation, useSubmit } from "@remix-run/react";
import { Box, Button, Frame, InlineStack, Navigation, Select, TopBar } from "@shopify/polaris";
import {
  CalendarIcon,
  CashDollarIcon,
  DeliveryIcon,
  EditIcon,
  HomeIcon,
  ImportIcon,
  InventoryIcon,
  LocationIcon,
  OrderIcon,
  PlayIcon,
  ProductIcon,
  ProfileIcon,
  SettingsIcon,
  StoreIcon,
  TeamIcon,
} from "@shopify/polaris-icons";
import { useCallback, useState, type ReactNode } from "react";
import type { AdminShellKey } from "./admin-messages";
import { useAdminT } from "./admin-i18n";

export interface AdminFrameData {
  user: { name: string; email: string; platformAdmin: boolean };
  role: "owner" | "staff" | "admin";
  cooperative: { id: string; name: string };
  cooperatives: { id: string; name: string }[];
}

const NAV: {
  url: string;
  label: AdminShellKey;
  icon: typeof HomeIcon;
  platformOnly?: boolean;
  /** What the item reads for a cooperative's own people, when it differs. */
  memberLabel?: AdminShellKey;
}[] = [
  { url: "/admin", label: "nav.dashboard", icon: HomeIcon },
  { url: "/admin/products", label: "nav.products", icon: ProductIcon },
  { url: "/admin/stock", label: "nav.stock", icon: InventoryIcon },
  { url: "/admin/products/bulk", label: "nav.bulk", icon: EditIcon },
  { url: "/admin/products/csv", label: "nav.csv", icon: ImportIcon },
  { url: "/admin/batches", label: "nav.batches", icon: CalendarIcon },
  { url: "/admin/presales", label: "nav.presales", icon: CashDollarIcon },
  { url: "/admin/groupbuys", label: "nav.groupbuys", icon: TeamIcon },
  { url: "/admin/pickup-points", label: "nav.pickupPoints", icon: LocationIcon },
  { url: "/admin/live", label: "nav.live", icon: PlayIcon },
  { url: "/admin/orders", label: "nav.orders", icon: OrderIcon },
  { url: "/admin/shipments", label: "nav.shipments", icon: DeliveryIcon },
  { url: "/admin/profile", label: "nav.profile", icon: ProfileIcon },
  // Platform admins edit the tariff there; owners set their free-shipping threshold.
  {
    url: "/admin/shipping/tariffs",
    label: "nav.tariffs",
    memberLabel: "nav.shipping",
    icon: SettingsIcon,
  },
];

/** The item whose URL is the longest prefix of the path, so /admin/products/bulk lights "Bulk edit" only. */
function selectedUrl(urls: string[], pathname: string): string | undefined {
  return urls
    .filter((u) => pathname === u || pathname.startsWith(`${u}/`))
    .sort((a, b) => b.length - a.length)[0];
}

function CooperativeSwitcher({ data }: { data: AdminFrameData }) {
  const { t } = useAdminT();
  const location = useLocation();
  const [value, setValue] = useState(data.cooperative.id);
  if (data.cooperatives.length < 2) return null;
  return (
    <Box padding="300" paddingBlockEnd="0">
      <Form method="post" action="/admin/switch">
        <input
          type="hidden"
          name="redirectTo"
          value={
            location.pathname.startsWith("/admin/products/") ? "/admin/products" : location.pathname
          }
        />
        <InlineStack gap="200" blockAlign="end" wrap={false}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Select
              name="cooperativeId"
              label={t("switch.label")}
              options={data.cooperatives.map((c) => ({ value: c.id, label: c.name }))}
              value={value}
              onChange={setValue}
            />
          </div>
          <Button submit>{t("switch.submit")}</Button>
        </InlineStack>
      </Form>
    </Box>
  );
}

export function AdminFrame({ data, children }: { data: AdminFrameData; children: ReactNode }) {
  const { t } = useAdminT();
  const roleLabel = data.user.platformAdmin
    ? t("user.platformAdmin")
    : data.role === "owner"
      ? t("user.owner")
      : t("user.staff");
  return (
    <ConsoleFrame
      user={data.user}
      detail={`${data.cooperative.name} · ${roleLabel}`}
      home="/admin"
      title={t("admin.title")}
      nav={NAV.filter((n) => !n.platformOnly || data.user.platformAdmin).map((n) => ({
        url: n.url,
        label: t(!data.user.platformAdmin && n.memberLabel ? n.memberLabel : n.label),
        icon: n.icon,
      }))}
      beforeNav={<CooperativeSwitcher data={data} />}
    >
      {children}
    </ConsoleFrame>
  );
}

export interface ConsoleNavItem {
  url: string;
  label: string;
  icon: typeof HomeIcon;
}

/**
 * The Polaris frame of a console (the cooperative admin, the host console): top bar with the
 * user's menu (language, the store, sign out), the navigation, and the page.
 */
export function ConsoleFrame({
  user,
  detail,
  home,
  title,
  nav,
  beforeNav,
  children,
}: {
  user: { name: string };
  detail: string;
  home: string;
  title: string;
  nav: ConsoleNavItem[];
  beforeNav?: ReactNode;
  children: ReactNode;
}) {
  const { t, locale } = useAdminT();
  const location = useLocation();
  const submit = useSubmit();
  const [mobileNav, setMobileNav] = useState(false);
  const [userMenu, setUserMenu] = useState(false);
  const toggleMobileNav = useCallback(() => setMobileNav((v) => !v), []);
  const selected = selectedUrl(
    nav.map((n) => n.url),
    location.pathname,
  );

  const topBar = (
    <TopBar
      showNavigationToggle
      onNavigationToggle={toggleMobileNav}
      userMenu={
        <TopBar.UserMenu
          name={user.name}
          detail={detail}
          initials={user.name.slice(0, 1).toUpperCase()}
          open={userMenu}
          onToggle={() => setUserMenu((v) => !v)}
          actions={[
            {
              items: [
                {
                  content: t("user.language"),
                  onAction: () =>
                    submit(
                      {
                        lang: locale === "zh" ? "en" : "zh",
                        redirectTo: location.pathname + location.search,
                      },
                      { method: "post", action: "/lang" },
                    ),
                },
                { content: t("nav.storefront"), url: "/" },
                {
                  content: t("user.signOut"),
                  onAction: () =>
                    submit({ intent: "sign-out" }, { method: "post", action: "/account" }),
                },
              ],
            },
          ]}
        />
      }
    />
  );

  const navigation = (
    <Navigation location={location.pathname}>
      {beforeNav}
      <Navigation.Section
        items={nav.map((n) => ({
          url: n.url,
          label: n.label,
          icon: n.icon,
          selected: n.url === selected,
          onClick: () => setMobileNav(false),
        }))}
      />
      <Navigation.Section
        separator
        items={[{ url: "/", label: t("nav.storefront"), icon: StoreIcon }]}
      />
    </Navigation>
  );

  return (
    <Frame
      topBar={topBar}
      navigation={navigation}
      showMobileNavigation={mobileNav}
      onNavigationDismiss={toggleMobileNav}
      logo={{
        topBarSource: "/favicon.svg",
        width: 28,
        url: home,
        accessibilityLabel: title,
      }}
    >
      {children}
    </Frame>
  );
}
