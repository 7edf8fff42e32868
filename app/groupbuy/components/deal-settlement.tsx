import {
  BlockStack,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Link as PolarisLink,
  Text,
} from "@shopify/polaris";
import type { ReactNode } from "react";
import type { AdminTranslate } from "~/components/admin/admin-i18n";
import type { Locale } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { formatOrderTime } from "~/orders/components/admin-order-badge";
import type { GroupbuyMessageKey } from "../groupbuy-messages";
import type { SettlementMessageKey } from "../settlement-messages";

type T = AdminTranslate<GroupbuyMessageKey | SettlementMessageKey>;

export interface SettlementView {
  state: "succeeded" | "failed" | "settling";
  reachedQuantity: number;
  settledPriceFen: number | null;
  settledAt: string | null;
  counts: { captured: number; voided: number; cancelled: number };
  points: {
    pointId: string;
    name: string;
    leaderName: string;
    commissionBps: number;
    parcels: { id: string; trackingNumber: string }[];
    collectedOrders: number;
    collectedUnits: number;
    toCollectOrders: number;
    toCollectUnits: number;
    commissionFen: number;
  }[];
  money: {
    itemsFen: number;
    platformFeeFen: number;
    refundedFen: number;
    commissionsFen: number;
    freightFen: number;
    cooperativeFen: number;
  };
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingMd">
        {children}
      </Text>
    </BlockStack>
  );
}

function Row({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <InlineStack align="space-between" blockAlign="center" gap="200">
      <Text as="span" fontWeight={strong ? "semibold" : undefined}>
        {label}
      </Text>
      <Text as="span" numeric fontWeight={strong ? "bold" : undefined}>
        {value}
      </Text>
    </InlineStack>
  );
}

/** A settled deal's results, its points' consolidated parcels and collection, and who is owed what. */
export function DealSettlement({ s, t, locale }: { s: SettlementView; t: T; locale: Locale }) {
  const fen = (n: number) => formatFen(n, locale);
  const m = s.money;
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="400">
          <InlineStack align="space-between" blockAlign="baseline">
            <Text as="h2" variant="headingMd">
              {t("groupbuy.settle.title")}
            </Text>
            {s.settledAt ? (
              <Text as="p" tone="subdued">
                {t("groupbuy.settle.at", { time: formatOrderTime(s.settledAt, locale) })}
              </Text>
            ) : null}
          </InlineStack>
          <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
            <Figure label={t("groupbuy.settle.reached")}>{s.reachedQuantity}</Figure>
            <Figure label={t("groupbuy.settle.price")}>
              {s.settledPriceFen !== null
                ? fen(s.settledPriceFen)
                : t("groupbuy.settle.failedPrice")}
            </Figure>
            <Figure label={t("groupbuy.settle.captured")}>{s.counts.captured}</Figure>
            <Figure label={t("groupbuy.settle.voided")}>{s.counts.voided}</Figure>
            <Figure label={t("groupbuy.settle.cancelled")}>{s.counts.cancelled}</Figure>
          </InlineGrid>
        </BlockStack>
      </Card>
      {s.points.length ? (
        <Card padding="0">
          <div style={{ padding: "var(--p-space-400)" }}>
            <Text as="h2" variant="headingMd">
              {t("groupbuy.settle.points")}
            </Text>
          </div>
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "numeric"]}
            headings={[
              t("groupbuy.settle.col.point"),
              t("groupbuy.settle.col.parcels"),
              t("groupbuy.settle.col.collected"),
              t("groupbuy.settle.col.toCollect"),
              t("groupbuy.settle.col.commission"),
            ]}
            rows={s.points.map((p) => [
              <BlockStack key="point" gap="050">
                <Text as="span" fontWeight="semibold">
                  {p.name}
                </Text>
                <Text as="span" tone="subdued">
                  {t("groupbuy.settle.leader", {
                    name: p.leaderName,
                    rate: `${p.commissionBps / 100}%`,
                  })}
                </Text>
              </BlockStack>,
              p.parcels.length ? (
                <BlockStack key="parcels" gap="050">
                  {p.parcels.map((parcel) => (
                    <InlineStack key={parcel.id} gap="200" wrap={false}>
                      <PolarisLink url={`/track/${parcel.trackingNumber}`} monochrome>
                        {parcel.trackingNumber}
                      </PolarisLink>
                      <PolarisLink url={`/admin/shipments/${parcel.id}/label.pdf`} target="_blank">
                        {t("groupbuy.settle.label")}
                      </PolarisLink>
                    </InlineStack>
                  ))}
                </BlockStack>
              ) : (
                t("groupbuy.settle.noParcels")
              ),
              t("groupbuy.settle.orders", { orders: p.collectedOrders, units: p.collectedUnits }),
              t("groupbuy.settle.orders", { orders: p.toCollectOrders, units: p.toCollectUnits }),
              fen(p.commissionFen),
            ])}
          />
        </Card>
      ) : null}
      {s.state === "succeeded" ? (
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("groupbuy.settle.owed")}
            </Text>
            <Text as="p" tone="subdued">
              {t("groupbuy.settle.owedHelp")}
            </Text>
            <Row label={t("groupbuy.settle.items")} value={fen(m.itemsFen)} />
            <Row label={t("groupbuy.settle.fee")} value={`− ${fen(m.platformFeeFen)}`} />
            <Row label={t("groupbuy.settle.refunded")} value={`− ${fen(m.refundedFen)}`} />
            <Row label={t("groupbuy.settle.commissions")} value={`− ${fen(m.commissionsFen)}`} />
            <Row label={t("groupbuy.settle.freight")} value={`− ${fen(m.freightFen)}`} />
            <Row label={t("groupbuy.settle.cooperative")} value={fen(m.cooperativeFen)} strong />
            {s.points.map((p) => (
              <Row
                key={p.pointId}
                label={t("groupbuy.settle.toLeader", { name: p.leaderName, point: p.name })}
                value={fen(p.commissionFen)}
              />
            ))}
          </BlockStack>
        </Card>
      ) : null}
    </BlockStack>
  );
}
