import { Banner, BlockStack } from "@shopify/polaris";
import { useAdminT } from "~/components/admin/admin-i18n";
import { SaleControls, type Phase } from "./host-sale";
import { liveConsoleMessages } from "./live-console-messages";

/** A dashboard's start / pause / resume / end, and what the last one did or why it was refused. */
export function SaleActionBar({
  saleId,
  phase,
  result,
}: {
  saleId: string;
  phase: Phase;
  result?: { done?: string; refused?: string };
}) {
  const { t } = useAdminT(liveConsoleMessages);
  return (
    <BlockStack gap="200">
      {result?.refused ? <Banner tone="warning">{t("refused.bad_state")}</Banner> : null}
      {result?.done ? (
        <Banner tone="success">{t(`action.done.${result.done}` as "action.done.start")}</Banner>
      ) : null}
      <SaleControls saleId={saleId} phase={phase} />
    </BlockStack>
  );
}
