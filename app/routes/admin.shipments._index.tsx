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
  const perOrder = new Map<string, number>();
  for (const r of rows) if (r.orderId) perOrder.set(r.orderId, r.parcelCount);
  return {
    query,
    // Fresh per render: a double submit of one problem form carries the same key and stores once.
    requestKey: newId("req"),
    shipments: rows.map((r) => ({
      id: r.id,
      trackingNumber: r.trackingNumber,
      orderId: r.orderId,
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
                { title: t("admin.col.tracking") },
                { title: t("admin.col.order") },
                { title: t("admin.col.service") },
                { title: t("admin.col.to") },
                { title: t("admin.col.weight"), alignment: "end" },
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
                          <PolarisLink url={`/track/${s.trackingNumber}`} monochrome>
                            <Text as="span" fontWeight="semibold">
                              {s.trackingNumber}
                            </Text>
                          </PolarisLink>
                          {statusBadges(s)}
                        </InlineStack>
                        <Text as="p" tone="subdued">
                          {t(`service.${s.service}`)}
                          {s.storage === "chilled" ? " 0–4 °C" : ""} ·{" "}
                          {provinceName(s.destination, locale)} ·{" "}
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
                      <Text as="span">{s.orderId ?? "—"}</Text>
                      <Text as="span" tone="subdued" variant="bodySm">
                        <br />
                        {t("track.parcel", { index: s.parcelIndex, count: s.parcelCount })}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {t(`service.${s.service}`)}
                      {s.storage === "chilled" ? (
                        <>
                          {" "}
                          <Badge tone="info">0–4 °C</Badge>
                        </>
                      ) : null}
                    </IndexTable.Cell>
                    <IndexTable.Cell>{provinceName(s.destination, locale)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {formatWeight(s.chargeableG, locale)}
                      </Text>
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
