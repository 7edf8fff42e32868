import type { DepositKind } from "../../../db/presale-schema";
import { useAdminT } from "../../components/admin/admin-i18n";
import { formatFen } from "../../lib/money";
import type { PresaleStatus } from "../admin.server";
import { presaleMessages } from "../presale-messages";

/** A presale's deposit as the owner set it: "¥20.00 a pack", "30% of the price", "Full price". */
export function DepositText({ kind, value }: { kind: DepositKind; value: number }) {
  const { t, locale } = useAdminT(presaleMessages);
  if (kind === "fixed")
    return <>{t("presale.admin.deposit.fixed", { amount: formatFen(value, locale) })}</>;
  if (kind === "percent") return <>{t("presale.admin.deposit.percent", { percent: value })}</>;
  return <>{t("presale.admin.deposit.full")}</>;
}

export function phaseTone(phase: PresaleStatus): "success" | "attention" | "info" | undefined {
  if (phase === "open") return "success";
  if (phase === "paused") return "attention";
  if (phase === "closed") return "info";
  return undefined;
}
