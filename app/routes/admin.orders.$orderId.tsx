import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import { z } from "zod";
import {
  requireCooperativeContext,
  type CooperativeContext,
} from "~/auth/cooperative-context.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { adminOrderMessages } from "~/orders/admin-order-messages";
import { useAdminT } from "~/components/admin/admin-i18n";
import { newId } from "~/lib/ids";
import { formatFen } from "~/lib/money";
import {
  ADMIN_ORDER_INTENTS,
  orderIdSchema,
  reasonSchema,
  yuanToFenSchema,
} from "~/orders/admin-orders";
import { findOrderParcel, getCooperativeOrder, hasOrderPart } from "~/orders/admin-orders.server";
import {
  cancelOrderPart,
  refundByRequestKey,
  refundOrderPart,
} from "~/orders/cancel-refund.server";
import {
  CancelCard,
  OrderActionsCard,
  RefundCard,
  type ActionFormState,
} from "~/orders/components/admin-order-actions";
import { formatOrderTime, OrderStatusBadge } from "~/orders/components/admin-order-badge";
import { OrderLines, OrderRecipient } from "~/orders/components/admin-order-lines";
import { OrderMoney } from "~/orders/components/admin-order-money";
import { OrderParcels } from "~/orders/components/admin-order-parcels";
import { OrderTimeline } from "~/orders/components/admin-order-timeline";
import { shipmentIdSchema } from "~/shipping/cooperative-events";
import { handOverToCarrier } from "~/shipping/cooperative-events.server";
import { readFormObject } from "~/lib/read-form.server";
import { invariantFound, notFound } from "~/lib/not-found";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative, role } = await requireCooperativeContext(request);
  const orderId = orderIdSchema.safeParse(params.orderId);
  invariantFound(orderId.success);
  const order = await getCooperativeOrder({ orderId: orderId.data, cooperativeId: cooperative.id });
  invariantFound(order);
  return {
    mayAct: mayCancelOrRefund(role),
    order: {
      id: order.id,
      code: order.code,
      createdAt: order.createdAt.toISOString(),
      channel: order.channel,
      status: order.status,
      recipient: order.recipient,
      email: order.email,
      mobile: order.mobile,
      lines: order.lines,
      parcels: order.parcels.map((p) => ({
        id: p.id,
        trackingNumber: p.trackingNumber,
        service: p.service,
        storage: p.storage,
        chargeableG: p.chargeableG,
        parcelIndex: p.parcelIndex,
        parcelCount: p.parcelCount,
        status: p.status,
        collected: p.collected,
        units: (p.units as Array<{ quantity: number; name: string }>).map((u) => ({
          quantity: u.quantity,
          name: u.name,
        })),
      })),
      events: order.events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
      money: {
        itemsFen: order.itemsFen,
        shippingFen: order.shippingFen,
        platformFeeBps: order.platformFeeBps,
        platformFeeFen: order.platformFeeFen,
        payoutFen: order.payoutFen,
        refundedFen: order.refundedFen,
        refundableFen: order.refundableFen,
        courierFen: order.courierFen,
        parcelCount: order.parcels.length,
        paid: order.paidAt !== null,
      },
      canCancel: order.canCancel,
      canRefund: order.canRefund,
    },
    // One per rendering of the refund form: a double click or a resent form refunds once.
    refundKey: newId("rfk"),
  };
}

/**
 * Staff pack and hand parcels over; money leaves the cooperative only on an owner's (or a
 * platform admin's) decision, so cancelling and refunding are theirs.
 */
function mayCancelOrRefund(role: CooperativeContext["role"]): boolean {
  return role === "owner" || role === "admin";
}

type ActionResult =
  | { intent: "handover"; done: { trackingNumber: string; stored: boolean } }
  | { intent: "cancel"; done: { refundedFen: number } }
  | { intent: "refund"; done: { amountFen: number } }
  | (ActionFormState & { error?: string });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, cooperative, role } = await requireCooperativeContext(request);
  const orderId = orderIdSchema.safeParse(params.orderId);
  if (
    !orderId.success ||
    !(await hasOrderPart({ orderId: orderId.data, cooperativeId: cooperative.id }))
  )
    throw notFound();
  const scope = { orderId: orderId.data, cooperativeId: cooperative.id };
  const form = await readFormObject(request);
  const intent = z.enum(ADMIN_ORDER_INTENTS).safeParse(form.intent);
  if (!intent.success) throw new Response("Unknown intent", { status: 400 });
  switch (intent.data) {
    case "handover": {
      const shipmentId = shipmentIdSchema.safeParse(form.shipmentId);
      // Only a parcel of this order and this cooperative; anything else is as if it did not exist.
      if (
        !shipmentId.success ||
        !(await findOrderParcel({ ...scope, shipmentId: shipmentId.data }))
      )
        throw notFound();
      const result = await handOverToCarrier({
        shipmentId: shipmentId.data,
        cooperativeIds: [cooperative.id],
      });
      invariantFound(result.ok);
      return {
        intent: "handover",
        done: { trackingNumber: result.trackingNumber, stored: result.stored },
      } satisfies ActionResult;
    }
    case "cancel": {
      const values = { reason: typeof form.reason === "string" ? form.reason : "" };
      if (!mayCancelOrRefund(role))
        return data(
          { intent: "cancel", values, error: "orders.error.ownerOnly" } satisfies ActionResult,
          { status: 403 },
        );
      const reason = reasonSchema.safeParse(form.reason);
      if (!reason.success)
        return data(
          {
            intent: "cancel",
            values,
            errors: { reason: reason.error.issues[0]!.message },
          } satisfies ActionResult,
          { status: 422 },
        );
      const result = await cancelOrderPart({ ...scope, actor: user.id, reason: reason.data });
      if (result.ok)
        return {
          intent: "cancel",
          done: { refundedFen: result.refundedFen },
        } satisfies ActionResult;
      if (result.error === "not_found") throw notFound();
      // The part is cancelled even when the provider failed; the owner retries the refund.
      if (result.error === "provider")
        return data(
          { intent: "cancel", values, error: "orders.error.cancelProvider" } satisfies ActionResult,
          { status: 502 },
        );
      return data(
        { intent: "cancel", values, error: `orders.error.${result.error}` } satisfies ActionResult,
        { status: 409 },
      );
    }
    case "refund": {
      const values = {
        amount: typeof form.amount === "string" ? form.amount : "",
        reason: typeof form.reason === "string" ? form.reason : "",
      };
      if (!mayCancelOrRefund(role))
        return data(
          { intent: "refund", values, error: "orders.error.ownerOnly" } satisfies ActionResult,
          { status: 403 },
        );
      const requestKey =
        typeof form.requestKey === "string" && form.requestKey ? form.requestKey : undefined;
      // A resent form (double click, retry) answers as the first did instead of refunding again.
      const earlier = requestKey ? await refundByRequestKey({ ...scope, requestKey }) : null;
      if (earlier?.status === "succeeded" || earlier?.status === "pending")
        return { intent: "refund", done: { amountFen: earlier.amountFen } } satisfies ActionResult;
      const amount = yuanToFenSchema.safeParse(form.amount);
      const reason = reasonSchema.safeParse(form.reason);
      const order = await getCooperativeOrder(scope);
      invariantFound(order);
      const errors = {
        amount: amount.success
          ? amount.data > order.refundableFen
            ? "orders.refund.tooMuch"
            : undefined
          : amount.error.issues[0]!.message,
        reason: reason.success ? undefined : reason.error.issues[0]!.message,
      };
      if (errors.amount || errors.reason || !amount.success || !reason.success) {
        return data({ intent: "refund", values, errors } satisfies ActionResult, { status: 422 });
      }
      if (!order.canRefund)
        return data(
          { intent: "refund", values, error: "orders.error.not_refundable" } satisfies ActionResult,
          { status: 409 },
        );
      const result = await refundOrderPart({
        ...scope,
        amountFen: amount.data,
        actor: user.id,
        reason: reason.data,
        requestKey,
      });
      if (result.ok)
        return { intent: "refund", done: { amountFen: amount.data } } satisfies ActionResult;
      if (result.error === "not_found") throw notFound();
      if (result.error === "too_much" || result.error === "invalid") {
        return data(
          {
            intent: "refund",
            values,
            errors: {
              amount:
                result.error === "too_much"
                  ? "orders.refund.tooMuch"
                  : "orders.refund.amountInvalid",
            },
          } satisfies ActionResult,
          { status: 422 },
        );
      }
      return data(
        { intent: "refund", values, error: `orders.error.${result.error}` } satisfies ActionResult,
        { status: result.error === "provider" ? 502 : 409 },
      );
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function OrderPage() {
  const { order, mayAct, refundKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t, err, locale } = useAdminT(adminOrderMessages);
  const [params] = useSearchParams();
  const orderUrl = `/admin/orders/${order.id}`;
  const done = result && "done" in result ? result : undefined;
  const refused = result && !("done" in result) ? result : undefined;
  // A refused form stays open with the owner's input; a done one closes (the post's URL has no ?do=).
  const open = refused?.errors ? refused.intent : done ? null : params.get("do");
  const doneMessage = !done
    ? null
    : done.intent === "handover"
      ? t(done.done.stored ? "orders.handoverDone" : "orders.handoverAlready", {
          number: done.done.trackingNumber,
        })
      : done.intent === "cancel"
        ? t("orders.cancel.done", { amount: formatFen(done.done.refundedFen, locale) })
        : t("orders.refund.done", { amount: formatFen(done.done.amountFen, locale) });
  const collected = order.parcels.some((p) => p.status !== "created");
  return (
    <Page
      backAction={{ content: t("orders.detail.back"), url: "/admin/orders" }}
      title={order.code}
      titleMetadata={<OrderStatusBadge status={order.status} />}
      subtitle={`${t("orders.detail.placed", { date: formatOrderTime(order.createdAt, locale) })} · ${t(`orders.channel.${order.channel}`)}`}
    >
      <BlockStack gap="400">
        {doneMessage ? (
          <Banner tone={done?.intent === "handover" && !done.done.stored ? "info" : "success"}>
            {doneMessage}
          </Banner>
        ) : null}
        {refused?.error ? <Banner tone="critical">{err(refused.error)}</Banner> : null}
        {open === "cancel" && order.canCancel && mayAct ? (
          <CancelCard
            key={`cancel-${JSON.stringify(refused?.values)}`}
            orderUrl={orderUrl}
            amountFen={order.money.refundableFen}
            state={refused}
          />
        ) : null}
        {open === "refund" && order.canRefund && mayAct ? (
          <RefundCard
            key={`refund-${JSON.stringify(refused?.values)}`}
            orderUrl={orderUrl}
            refundableFen={order.money.refundableFen}
            requestKey={refundKey}
            state={refused}
          />
        ) : null}
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <OrderParcels orderId={order.id} parcels={order.parcels} />
              <OrderLines lines={order.lines} />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <OrderRecipient
                recipient={order.recipient}
                email={order.email}
                mobile={order.mobile}
              />
              <OrderMoney money={order.money} />
              <OrderActionsCard
                orderUrl={orderUrl}
                canCancel={order.canCancel}
                canRefund={order.canRefund}
                mayAct={mayAct}
                collected={collected}
              />
            </BlockStack>
          </Layout.Section>
          <Layout.Section>
            <OrderTimeline events={order.events} />
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? d.order.code : "Order" },
  { name: "robots", content: "noindex" },
];

export function ErrorBoundary() {
  return <AdminErrorContent />;
}
