import { Form, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import { useEffect, useRef } from "react";
import {
  Field,
  HiddenIntent,
  SelectField,
  confirmOrStop,
} from "../../components/admin/admin-fields";
import type { Locale } from "../../lib/i18n";
import { formatOrderTime } from "../../orders/components/admin-order-badge";
import { presaleOrderTranslator } from "../presale-order-messages";
import type { ReleaseProgress } from "../release.server";

/**
 * The presale page's harvest release: record a batch's harvest and release its packs to the orders
 * in line; each release's progress (allocated, charged, waiting for the shopper, lapsed) updates
 * live while it runs.
 */
export function ReleaseSection({
  offerId,
  locale,
  releases,
  batches,
  errors,
  values,
  created,
}: {
  offerId: string;
  locale: Locale;
  releases: Array<Omit<ReleaseProgress, "createdAt"> & { createdAt: string }>;
  batches: { id: string; expectedDate: string; status: string; released: boolean }[];
  errors: Record<string, string>;
  values: Record<string, unknown>;
  created: number | null;
}) {
  const pt = presaleOrderTranslator(locale);
  const busy = useNavigation().state === "submitting";
  const running = releases.some((r) => r.status === "allocating" || r.orders.charging > 0);
  useLiveRefresh(running);
  const open = batches.filter((b) => !b.released);
  const err = (field: string) =>
    errors[field] ? pt(errors[field] as "presale.release.packs") : undefined;
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {pt("presale.release.title")}
        </Text>
        <Text as="p" tone="subdued">
          {pt("presale.release.help")}
        </Text>
        {created !== null ? (
          <div role="status">
            <Text as="p" tone="success">
              {pt("presale.release.created", { packs: created })}
            </Text>
          </div>
        ) : null}
        <Form
          method="post"
          onSubmit={(e) => {
            const packs = new FormData(e.currentTarget).get("packs");
            confirmOrStop(e, pt("presale.release.confirm", { packs: String(packs ?? "") }));
          }}
        >
          <HiddenIntent intent="release" />
          <input type="hidden" name="offerId" value={offerId} />
          <BlockStack gap="300">
            <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
              <SelectField
                name="harvestBatchId"
                label={pt("presale.release.batchLabel")}
                options={open.map((b) => ({ label: b.expectedDate, value: b.id }))}
                placeholder="—"
                defaultValue={String(values.harvestBatchId ?? open[0]?.id ?? "")}
                error={err("harvestBatchId")}
              />
              <Field
                name="harvestedKg"
                label={pt("presale.release.harvestedKgLabel")}
                type="number"
                inputMode="decimal"
                defaultValue={String(values.harvestedKg ?? "")}
                error={err("harvestedKg")}
              />
              <Field
                name="packs"
                label={pt("presale.release.packsLabel")}
                type="number"
                inputMode="numeric"
                defaultValue={String(values.packs ?? "")}
                error={err("packs")}
              />
            </InlineGrid>
            <InlineStack>
              <Button submit variant="primary" loading={busy} disabled={open.length === 0}>
                {pt("presale.release.submit")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Form>
        {releases.length === 0 ? (
          <Text as="p" tone="subdued">
            {pt("presale.release.none")}
          </Text>
        ) : (
          <BlockStack gap="200">
            {releases.map((r) => (
              <InlineStack key={r.id} gap="200" blockAlign="center" wrap>
                <Badge tone={r.status === "done" ? "success" : "attention"}>
                  {pt(r.status === "done" ? "presale.release.done" : "presale.release.allocating")}
                </Badge>
                <Text as="span" variant="bodyMd">
                  {pt("presale.release.progress", {
                    batch: r.batchDate,
                    packs: r.packs,
                    allocated: r.allocated,
                    charged: r.orders.paid,
                    waiting: r.orders.actionNeeded + r.orders.offered,
                    failed: r.orders.lapsed,
                  })}
                </Text>
                <Text as="span" tone="subdued">
                  {formatOrderTime(r.createdAt, locale)}
                </Text>
              </InlineStack>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

/** Re-reads the page every 2 s while a release is still allocating or charging. */
function useLiveRefresh(active: boolean) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && latest.current.state === "idle")
        latest.current.revalidate();
    }, 2_000);
    return () => clearInterval(timer);
  }, [active]);
}
