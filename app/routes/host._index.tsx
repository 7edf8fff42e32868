import { Page, Text } from "@shopify/polaris";
import { useAdminT } from "~/components/admin/admin-i18n";
import { hostShellMessages } from "~/live/components/host-messages";

// Placeholder until the sessions page lands (issue 12): the layout's own test needs a child.
export default function HostHome() {
  const { t } = useAdminT(hostShellMessages);
  return (
    <Page title={t("host.nav.sessions")}>
      <Text as="p">…</Text>
    </Page>
  );
}
