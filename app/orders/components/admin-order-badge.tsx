import { Badge } from "@shopify/polaris";
import type { OrderStatus } from "../../../db/orders-schema";
import { adminOrderMessages } from "../admin-order-messages";
import { useAdminT } from "../../components/admin/admin-i18n";
import { pick, type Locale } from "../../lib/i18n";

type Tone = "info" | "success" | "warning" | "attention" | "critical" | undefined;
type Progress = "incomplete" | "partiallyComplete" | "complete";

// Yellow where the cooperative has work to do (pack and hand over); green once it reached the shopper.
const LOOK: Record<OrderStatus, [Tone, Progress]> = {
  pending_payment: [undefined, "incomplete"],
  deposit_paid: ["info", "incomplete"],
  payment_held: ["info", "incomplete"],
  paid: ["attention", "incomplete"],
  fulfilling: ["attention", "partiallyComplete"],
  shipped: ["info", "partiallyComplete"],
  delivered: ["success", "complete"],
  cancelled: [undefined, "complete"],
  refunded: ["warning", "complete"],
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useAdminT(adminOrderMessages);
  const [tone, progress] = LOOK[status];
  return (
    <Badge tone={tone} progress={progress}>
      {t(`orders.status.${status}`)}
    </Badge>
  );
}

const times: Record<Locale, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }),
};

/** Order times in Beijing time, where the cooperative and its shoppers are. */
export function formatOrderTime(iso: string | Date, locale: Locale): string {
  return times[locale].format(typeof iso === "string" ? new Date(iso) : iso);
}

export interface LineName {
  productNameZh: string;
  productNameEn: string;
  variantLabelZh: string;
  variantLabelEn: string;
  quantity: number;
}

export function lineName(l: LineName, locale: Locale): string {
  return `${pick({ nameZh: l.productNameZh, nameEn: l.productNameEn }, "name", locale)} ${pick({ labelZh: l.variantLabelZh, labelEn: l.variantLabelEn }, "label", locale)}`;
}
