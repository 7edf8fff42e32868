import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  Divider,
  InlineStack,
  Link as PolarisLink,
  Text,
  useBreakpoints,
} from "@shopify/polaris";
import { Fragment } from "react";
import { adminOrderMessages } from "../admin-order-messages";
import { useAdminT } from "../../components/admin/admin-i18n";
import { formatWeight } from "../../lib/money";
import { HandoverButton } from "../../shipping/components/shipment-actions";
import { shipmentTranslator, type ShipmentMessageKey } from "../../shipping/shipment-messages";

export interface OrderParcel {
  id: string;
  trackingNumber: string;
  service: "express" | "economy" | "cold_chain";
  storage: "ambient" | "chilled";
  chargeableG: number;
  parcelIndex: number;
  parcelCount: number;
  status: string;
  collected: boolean;
  units: Array<{ quantity: number; name: string }>;
}

/**
 * The cooperative's parcels of one order: what goes in each box, its label, and "handed to
 * carrier" (posted to the order page, which checks the parcel is this order's before recording).
 */
export function OrderParcels({ orderId, parcels }: { orderId: string; parcels: OrderParcel[] }) {
  const { t, locale } = useAdminT(adminOrderMessages);
  const ts = shipmentTranslator(locale);
  const phone = useBreakpoints().smDown;
  const size = phone ? "large" : "slim";
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            {t("orders.parcels.title")}
          </Text>
          {parcels.length > 1 ? (
            <Button
              url={`/admin/orders/${orderId}/labels.pdf`}
              target="_blank"
              variant="primary"
              size={size}
            >
              {t("orders.parcels.printAll", { count: parcels.length })}
            </Button>
          ) : null}
        </InlineStack>
        {parcels.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("orders.parcels.none")}
          </Text>
        ) : (
          parcels.map((p, i) => (
            <Fragment key={p.id}>
              {i > 0 ? <Divider /> : null}
              <Box paddingBlockStart={i > 0 ? "200" : "0"}>
                <BlockStack gap="200">
                  <InlineStack align="space-between" blockAlign="center" gap="200">
                    <InlineStack gap="200" blockAlign="center">
                      <PolarisLink url={`/track/${p.trackingNumber}`} monochrome target="_blank">
                        <Text as="span" fontWeight="semibold">
                          {p.trackingNumber}
                        </Text>
                      </PolarisLink>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {t("orders.parcels.parcel", { index: p.parcelIndex, count: p.parcelCount })}
                      </Text>
                    </InlineStack>
                    <Badge
                      tone={
                        p.status === "delivered"
                          ? "success"
                          : p.status === "exception"
                            ? "critical"
                            : p.collected
                              ? "info"
                              : undefined
                      }
                    >
                      {ts(`status.${p.status}` as ShipmentMessageKey)}
                    </Badge>
                  </InlineStack>
                  <InlineStack gap="200" blockAlign="center" wrap>
                    {p.service === "cold_chain" ? (
                      // Cold chain needs the insulated box and ice packs: make it impossible to miss.
                      <Badge tone="info" size="large">{`❄ ${t("orders.parcels.coldChain")}`}</Badge>
                    ) : (
                      <Text as="span">{ts(`service.${p.service}`)}</Text>
                    )}
                    <Text as="span" tone="subdued">
                      {t("orders.parcels.weight", { weight: formatWeight(p.chargeableG, locale) })}
                    </Text>
                  </InlineStack>
                  {p.units.length ? (
                    <Text as="p">
                      {t("orders.parcels.contents", {
                        items: p.units
                          .map((u) => `${u.name} ×${u.quantity}`)
                          .join(t("orders.listSeparator")),
                      })}
                    </Text>
                  ) : null}
                  <InlineStack gap="300" blockAlign="center" wrap>
                    <Button
                      url={`/admin/shipments/${p.id}/label.pdf`}
                      target="_blank"
                      size={size}
                      accessibilityLabel={t("orders.parcels.labelFor", {
                        number: p.trackingNumber,
                      })}
                    >
                      {t("orders.parcels.label")}
                    </Button>
                    {p.collected ? (
                      <Text as="span" tone="success">
                        ✓ {t("orders.parcels.collected")}
                      </Text>
                    ) : (
                      <HandoverButton
                        parcel={p}
                        actionUrl={`/admin/orders/${orderId}`}
                        locale={locale}
                        size={size}
                      />
                    )}
                  </InlineStack>
                </BlockStack>
              </Box>
            </Fragment>
          ))
        )}
      </BlockStack>
    </Card>
  );
}
