import { BlockStack, ProgressBar, Text } from "@shopify/polaris";
import { useAdminT } from "../../components/admin/admin-i18n";
import { formatFen } from "../../lib/money";
import type { DealPhase } from "../deals.server";
import { groupbuyMessages } from "../groupbuy-messages";
import type { DealProgress } from "../tiers";

export function dealPhaseTone(
  phase: DealPhase,
): "success" | "attention" | "info" | "critical" | undefined {
  if (phase === "open") return "success";
  if (phase === "full" || phase === "closed" || phase === "settling") return "attention";
  if (phase === "succeeded") return "info";
  if (phase === "failed") return "critical";
  return undefined;
}

/** 2 d 5 h, or 3 h 20 min, from milliseconds (what the loader measured, so server and browser agree). */
export function useTimeLeft() {
  const { t } = useAdminT(groupbuyMessages);
  return (ms: number) => {
    const minutes = Math.floor(ms / 60_000);
    const d = Math.floor(minutes / 1440);
    const h = Math.floor((minutes % 1440) / 60);
    return d > 0
      ? t("groupbuy.admin.days", { d, h })
      : t("groupbuy.admin.hours", { h, m: minutes % 60 });
  };
}

/** Joined of the maximum, a bar to the next tier and what it takes to get there. */
export function ProgressCell({
  id,
  progress,
  maxQuantity,
}: {
  id: string;
  progress: Pick<DealProgress, "joined" | "next" | "percentToNext" | "neededForMin">;
  maxQuantity: number;
}) {
  const { t, locale } = useAdminT(groupbuyMessages);
  const labelId = `progress-${id}`;
  return (
    <BlockStack gap="100">
      <Text as="span" id={labelId}>
        {t("groupbuy.admin.joinedOf", { joined: progress.joined, max: maxQuantity })}
      </Text>
      <div style={{ minWidth: "8rem" }}>
        <ProgressBar progress={progress.percentToNext} size="small" ariaLabelledBy={labelId} />
      </div>
      <Text as="span" tone="subdued" variant="bodySm">
        {progress.next
          ? t("groupbuy.admin.toNext", {
              count: progress.next.needed,
              price: formatFen(progress.next.tier.priceFen, locale),
            })
          : t("groupbuy.admin.lastTier")}
        {" · "}
        {progress.neededForMin > 0
          ? t("groupbuy.admin.toMin", { count: progress.neededForMin })
          : t("groupbuy.admin.minReached")}
      </Text>
    </BlockStack>
  );
}
