import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  EmptyState,
  IndexTable,
  InlineStack,
  Link as PolarisLink,
  Page,
  Select,
  Text,
  useBreakpoints,
} from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import { z } from "zod";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { newId } from "~/lib/ids";
import { formatWeight } from "~/lib/money";
import { useI18n } from "~/lib/use-i18n";
import { provinceName } from "~/lib/regions";
import { HandoverButton, ProblemCard, ProblemLink } from "~/shipping/components/shipment-actions";
import {
  intentSchema,
  problemNoteSchema,
  requestKeySchema,
  shipmentIdSchema,
} from "~/shipping/cooperative-events";
import { handOverToCarrier, reportShipmentProblem } from "~/shipping/cooperative-events.server";
import {
  formatEventTime,
  shipmentTranslator,
  type ShipmentMessageKey,
} from "~/shipping/shipment-messages";
import { SHIPMENT_STATUSES } from "~/shipping/public-view";
import { listCooperativeShipments } from "~/shipping/tracking.server";
import { readFormObject } from "~/lib/read-form.server";
import { invariantFound } from "~/lib/not-found";
import { cooperativeOrderCodes } from "~/orders/admin-orders.server";
import { partyPlace, partySchema } from "~/shipping/parties";
import { labelsUrl, MAX_LABELS_PER_FILE } from "~/shipping/labels";

function recipientLine(value: unknown): { name: string; place: string } | null {
  const p = partySchema.safeParse(value);
  return p.success ? { name: p.data.name, place: partyPlace(p.data) } : null;
}

const querySchema = z.object({
  status: z.enum(SHIPMENT_STATUSES).optional().catch(undefined),
  stalled: z.literal("1").optional().catch(undefined),
  /** The parcel whose problem form is open. */
  problem: shipmentIdSchema.optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await listCooperativeShipments({
    cooperativeId: cooperative.id,
    status: query.status,
    stalledOnly: query.stalled === "1",
  });
  const orderCodes = await cooperativeOrderCodes({
    cooperativeId: cooperative.id,
    ids: rows.map((r) => r.orderId ?? ""),
  });
  return {
    query,
    // Fresh per render: a double submit of one problem form carries the same key and stores once.
    requestKey: newId("req"),
    shipments: rows.map((r) => ({
      id: r.id,
      trackingNumber: r.trackingNumber,
      orderId: r.orderId,
      orderCode: r.orderId ? (orderCodes.get(r.orderId) ?? null) : null,
      // Who it goes to, for the owner packing it: name and city, never the phone.
      recipient: recipientLine(r.recipient),
      service: r.service,
      storage: r.storage,
      destination: r.destinationProvince,
      chargeableG: r.chargeableG,
      status: r.status as (typeof SHIPMENT_STATUSES)[number],
      lastEventAt: r.lastEventAt?.toISOString() ?? null,
      stalled: r.stalled,
      collected: r.collected,
      parcelIndex: r.parcelIndex,
      parcelCount: r.parcelCount,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireCooperativeContext(request);
  const form = await readFormObject(request);
  const intent = intentSchema.safeParse(form.intent);
  if (!intent.success) throw new Response("Unknown intent", { status: 400 });
  const shipmentId = shipmentIdSchema.safeParse(form.shipmentId);
  invariantFound(shipmentId.success);
  // Any cooperative the user may act for, not only the one on screen; others' parcels are 404.
  const cooperativeIds =
    user.role === "admin" ? null : user.memberships.map((m) => m.cooperativeId);
  switch (intent.data) {
    case "handover": {
      const result = await handOverToCarrier({ shipmentId: shipmentId.data, cooperativeIds });
      invariantFound(result.ok);
      return {
        intent: intent.data,
        done: { trackingNumber: result.trackingNumber, stored: result.stored },
      };
    }
    case "problem": {
      const key = requestKeySchema.safeParse(form.key);
      if (!key.success) throw new Response("Missing form key", { status: 400 });
      const note = problemNoteSchema.safeParse(form.note);
      if (!note.success) {
        const error = note.error.issues[0]!.message as ShipmentMessageKey;
        const typed = typeof form.note === "string" ? form.note : "";
        return data(
          { intent: intent.data, shipmentId: shipmentId.data, error, note: typed },
          { status: 422 },
        );
      }
      const result = await reportShipmentProblem({
        shipmentId: shipmentId.data,
        cooperativeIds,
        note: note.data,
        requestKey: key.data,
      });
      invariantFound(result.ok);
      return {
        intent: intent.data,
        done: { trackingNumber: result.trackingNumber, stored: result.stored },
      };
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

const tone = {
  delivered: "success",
  exception: "critical",
  returned: "warning",
  created: undefined,
} as const;

export default function ShipmentsPage() {
  const { shipments, query, requestKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale } = useI18n();
  const t = shipmentTranslator(locale);
  const [status, setStatus] = useState(query.status ?? "");
  const [stalledOnly, setStalledOnly] = useState(query.stalled === "1");
  const stalledCount = shipments.filter((s) => s.stalled).length;
  // Parcels ticked for one PDF of labels, kept in the list's order; a filter change drops ids no longer listed.
  const [ticked, setTicked] = useState<ReadonlySet<string>>(() => new Set());
  const picked = shipments.filter((s) => ticked.has(s.id)).map((s) => s.id);
  const tick = (id: string, on: boolean) =>
    setTicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allTicked = shipments.length > 0 && picked.length === shipments.length;
  const tooMany = picked.length > MAX_LABELS_PER_FILE;
  // On a phone each parcel is one stacked row instead of eight columns.
  const condensed = useBreakpoints().smDown;
  // Every post goes to the list with its filters but never with `?problem=`, so a handled form closes.
  const filters = new URLSearchParams(useLocation().search);
  filters.delete("problem");
  filters.delete("index");
  const rest = filters.toString();
  const actionUrl = `/admin/shipments?index${rest ? `&${rest}` : ""}`;
  const listUrl = `/admin/shipments${rest ? `?${rest}` : ""}`;
  const problemUrl = (id: string) =>
    `/admin/shipments?${new URLSearchParams([...filters, ["problem", id]])}`;
  const refused = result && "error" in result ? result : undefined;
  const problemParcel = shipments.find((s) => s.id === (refused?.shipmentId ?? query.problem));
  const done = result && "done" in result ? result : undefined;
  const doneMessage = done
    ? done.intent === "problem"
      ? t("admin.problemDone", { number: done.done.trackingNumber })
      : t(done.done.stored ? "admin.handoverDone" : "admin.handoverAlready", {
          number: done.done.trackingNumber,
        })
    : null;
  // Side by side on a phone; stacked in the desktop table, which has no width to spare.
  const stack = (children: ReactNode) =>
    condensed ? (
      <InlineStack gap="300" blockAlign="center">
        {children}
      </InlineStack>
    ) : (
      <BlockStack gap="100" inlineAlign="start">
        {children}
      </BlockStack>
    );
  const actions = (s: (typeof shipments)[number]) =>
    stack(
      <>
        {s.collected ? null : (
          <HandoverButton
            parcel={s}
            actionUrl={actionUrl}
            locale={locale}
            size={condensed ? "large" : "slim"}
          />
        )}
        <ProblemLink
          parcel={s}
          url={problemUrl(s.id)}
          locale={locale}
          size={condensed ? "large" : "slim"}
        />
      </>,
    );
  const selectBox = (s: (typeof shipments)[number]) => (
    <Checkbox
      label={t("admin.select", { number: s.trackingNumber })}
      labelHidden
      checked={ticked.has(s.id)}
      onChange={(on) => tick(s.id, on)}
    />
  );
  const orderLink = (s: (typeof shipments)[number]) =>
    s.orderId ? (
      <PolarisLink
        url={`/admin/orders/${s.orderId}`}
        accessibilityLabel={s.orderCode ? t("admin.openOrder", { code: s.orderCode }) : undefined}
      >
        {s.orderCode ?? "—"}
      </PolarisLink>
    ) : (
      <Text as="span">—</Text>
    );
  const recipientText = (s: (typeof shipments)[number]) =>
    s.recipient ? `${s.recipient.name} · ${s.recipient.place}` : "—";
  const statusBadges = (s: (typeof shipments)[number]) => (
    <InlineStack gap="100" wrap={false}>
      <Badge tone={s.status in tone ? tone[s.status as keyof typeof tone] : "attention"}>
        {t(`status.${s.status}`)}
      </Badge>
      {s.stalled ? <Badge tone="critical">{t("admin.stalled")}</Badge> : null}
    </InlineStack>
  );
  const labelLinks = (s: (typeof shipments)[number]) => (
    <InlineStack gap="200" wrap={false}>
      <PolarisLink url={`/admin/shipments/${s.id}/label.pdf`} target="_blank">
        {t("admin.label")}
      </PolarisLink>
      {s.parcelCount > 1 && s.parcelIndex === 1 ? (
        <PolarisLink url={`/admin/shipments/${s.id}/label.pdf?order=1`} target="_blank">
          {t("admin.orderLabels", { count: s.parcelCount })}
        </PolarisLink>
      ) : null}
    </InlineStack>
  );
  return (
    <Page title={t("admin.title")} subtitle={t("admin.subtitle")}>
      <BlockStack gap="400">
        {doneMessage ? (
          <Banner tone={done?.done.stored ? "success" : "info"}>{doneMessage}</Banner>
        ) : null}
        {problemParcel ? (
          <ProblemCard
            key={`${problemParcel.id}-${requestKey}`}
            parcel={problemParcel}
            actionUrl={actionUrl}
            cancelUrl={listUrl}
            requestKey={requestKey}
            locale={locale}
            note={refused?.note ?? ""}
            error={refused?.error}
          />
        ) : null}
        {stalledCount > 0 ? (
          <Banner tone="warning">{t("admin.stalledCount", { count: stalledCount })}</Banner>
        ) : null}
        <Card>
          <Form method="get">
            <InlineStack gap="400" blockAlign="end" wrap>
              <Select
                label={t("admin.filterStatus")}
                name="status"
                value={status}
                onChange={setStatus}
                options={[
                  { label: t("admin.all"), value: "" },
                  ...SHIPMENT_STATUSES.map((s) => ({ label: t(`status.${s}`), value: s })),
                ]}
              />
              <Checkbox
                label={t("admin.stalledOnly")}
                checked={stalledOnly}
                onChange={setStalledOnly}
                name="stalled"
                value="1"
              />
              <Button submit>{t("admin.apply")}</Button>
            </InlineStack>
          </Form>
        </Card>
        {shipments.length > 0 ? (
          <Card>
            <InlineStack gap="400" align="space-between" blockAlign="center" wrap>
              <Checkbox
                label={t("admin.selectAll", { count: shipments.length })}
                checked={allTicked ? true : picked.length > 0 ? "indeterminate" : false}
                onChange={(on) => setTicked(new Set(on ? shipments.map((s) => s.id) : []))}
              />
              <InlineStack gap="300" blockAlign="center" wrap>
                <Text as="span" tone={tooMany ? "critical" : "subdued"}>
                  {tooMany
                    ? t("admin.tooMany", { max: MAX_LABELS_PER_FILE })
                    : picked.length > 0
                      ? t("admin.selectedCount", { count: picked.length })
                      : t("admin.printHelp")}
                </Text>
                <Button
                  variant="primary"
                  url={picked.length > 0 && !tooMany ? labelsUrl(picked) : undefined}
                  target="_blank"
                  disabled={picked.length === 0 || tooMany}
                  size={condensed ? "large" : "medium"}
                >
                  {t("admin.printSelected", { count: picked.length })}
                </Button>
              </InlineStack>
            </InlineStack>
          </Card>
        ) : null}
        <Card padding="0">
          {shipments.length === 0 ? (
            <EmptyState heading={t("admin.empty")} image="">
              {null}
            </EmptyState>
          ) : (
            <IndexTable
              itemCount={shipments.length}
              selectable={false}
              condensed={condensed}
              headings={[
                { title: t("admin.col.select"), hidden: true },
                { title: t("admin.col.tracking") },
                { title: t("admin.col.order") },
                { title: t("admin.col.recipient") },
                { title: t("admin.col.service") },
                { title: t("admin.col.status") },
                { title: t("admin.col.last") },
                { title: t("admin.col.actions") },
              ]}
            >
              {shipments.map((s, i) =>
                condensed ? (
                  <IndexTable.Row id={s.id} key={s.id} position={i}>
                    <Box paddingBlock="300" paddingInline="400">
                      <BlockStack gap="100">
                        <InlineStack align="space-between" blockAlign="center" gap="200">
                          <InlineStack gap="200" blockAlign="center" wrap={false}>
                            {selectBox(s)}
                            <PolarisLink url={`/track/${s.trackingNumber}`} monochrome>
                              <Text as="span" fontWeight="semibold">
                                {s.trackingNumber}
                              </Text>
                            </PolarisLink>
                          </InlineStack>
                          {statusBadges(s)}
                        </InlineStack>
                        <InlineStack gap="200" blockAlign="center" wrap>
                          <Text as="span" fontWeight="medium">
                            {recipientText(s)}
                          </Text>
                          <Text as="span" tone="subdued">
                            · {t("admin.col.order")}
                          </Text>
                          {orderLink(s)}
                        </InlineStack>
                        <Text as="p" tone="subdued">
                          {t(`service.${s.service}`)}
                          {s.storage === "chilled" ? " 0–4 °C" : ""} ·{" "}
                          {formatWeight(s.chargeableG, locale)} ·{" "}
                          {t("track.parcel", { index: s.parcelIndex, count: s.parcelCount })}
                        </Text>
                        <InlineStack gap="300" blockAlign="center" wrap>
                          {labelLinks(s)}
                          {actions(s)}
                        </InlineStack>
                      </BlockStack>
                    </Box>
                  </IndexTable.Row>
                ) : (
                  <IndexTable.Row id={s.id} key={s.id} position={i}>
                    <IndexTable.Cell>{selectBox(s)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      {/* Labels sit under their number, so the table keeps room for the actions at 1280 px. */}
                      <BlockStack gap="100">
                        <PolarisLink url={`/track/${s.trackingNumber}`} monochrome>
                          <Text as="span" fontWeight="semibold">
                            {s.trackingNumber}
                          </Text>
                        </PolarisLink>
                        {labelLinks(s)}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="050">
                        {orderLink(s)}
                        <Text as="span" tone="subdued" variant="bodySm">
                          {t("track.parcel", { index: s.parcelIndex, count: s.parcelCount })}
                        </Text>
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="050">
                        <Text as="span">{s.recipient?.name ?? "—"}</Text>
                        <Text as="span" tone="subdued" variant="bodySm">
                          {s.recipient?.place ?? provinceName(s.destination, locale)}
                        </Text>
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="050" inlineAlign="start">
                        <InlineStack gap="100" wrap={false}>
                          <Text as="span">{t(`service.${s.service}`)}</Text>
                          {s.storage === "chilled" ? <Badge tone="info">0–4 °C</Badge> : null}
                        </InlineStack>
                        <Text as="span" tone="subdued" variant="bodySm" numeric>
                          {formatWeight(s.chargeableG, locale)}
                        </Text>
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{statusBadges(s)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      {s.lastEventAt ? formatEventTime(s.lastEventAt, locale) : t("admin.never")}
                    </IndexTable.Cell>
                    <IndexTable.Cell>{actions(s)}</IndexTable.Cell>
                  </IndexTable.Row>
                ),
              )}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorContent />;
}
