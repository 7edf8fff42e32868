import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { requireHost } from "~/auth/session.server";
import { formObject } from "~/catalog/admin-schemas";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { useFocusFirstError } from "~/components/admin/admin-fields";
import { useAdminT } from "~/components/admin/admin-i18n";
import { pick } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { invariantFound, notFound } from "~/lib/not-found";
import { siteOrigin } from "~/lib/origin.server";
import { readForm } from "~/lib/read-form.server";
import { approvedPacks } from "~/live/approvals.server";
import { liveConsoleMessages } from "~/live/components/live-console-messages";
import { NewSaleForm, SaleCard } from "~/live/components/host-sale";
import { parseSaleForm, saleIdField, sessionIdParam } from "~/live/console-schemas";
import { LiveError, refusalStatus } from "~/live/live-error";
import {
  changeSale,
  createSale,
  hostSession,
  pinSale,
  salePhase,
  sessionSales,
} from "~/live/sales.server";
import { formatOrderTime } from "~/orders/components/admin-order-badge";

/** The host's own session, or a 404 (another host's, a malformed id). */
async function ownSession(request: Request, sessionIdRaw: string | undefined) {
  const user = await requireHost(request);
  const id = sessionIdParam.safeParse(sessionIdRaw);
  const session = id.success ? await hostSession(user.id, id.data) : null;
  invariantFound(session);
  return { user, session };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, session } = await ownSession(request, params.sessionId);
  const locale = await getLocale(request);
  const [sales, packs] = await Promise.all([sessionSales(session.id), approvedPacks(user.id)]);
  const origin = siteOrigin(request);
  const now = new Date();
  return {
    session: {
      id: session.id,
      title: session.title,
      platform: session.platform,
      scheduledAt: session.scheduledAt.toISOString(),
      pinnedSaleId: session.pinnedSaleId,
    },
    sales: sales.map(({ sale, offer, ...names }) => ({
      id: sale.id,
      code: sale.code,
      link: `${origin}/l/${sale.code}`,
      phase: salePhase(sale, offer, now),
      name: pick({ nameZh: names.productNameZh, nameEn: names.productNameEn }, "name", locale),
      pack: pick({ labelZh: names.variantLabelZh, labelEn: names.variantLabelEn }, "label", locale),
      priceFen: offer.priceFen,
      standardFen: names.standardFen,
      quantity: offer.cap ?? 0,
      perShopperLimit: offer.perShopperLimit,
      holdSeconds: sale.holdSeconds,
      startsAt: offer.startsAt?.toISOString() ?? null,
      endsAt: offer.endsAt?.toISOString() ?? null,
      countdownSeconds: sale.countdownSeconds,
      durationSeconds: sale.durationSeconds,
    })),
    packs: packs.map((p) => ({
      variantId: p.variantId,
      name: pick({ nameZh: p.productNameZh, nameEn: p.productNameEn }, "name", locale),
      pack: pick({ labelZh: p.variantLabelZh, labelEn: p.variantLabelEn }, "label", locale),
      priceFen: p.priceFen,
    })),
  };
}

/** The engine's refusals of a new sale that belong to one field, and the words shown beside it. */
const FIELD_REFUSALS: Partial<Record<LiveError["code"], [string, string]>> = {
  price_not_below: ["priceFen", "error.priceNotBelow"],
  insufficient_stock: ["quantity", "error.stock"],
  not_approved: ["variantId", "error.pack"],
};

type Done = "create-sale" | "start" | "pause" | "resume" | "end" | "pin" | "unpin";

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session } = await ownSession(request, params.sessionId);
  const values = formObject(await readForm(request));
  const intent = String(values.intent ?? "");
  const refused = (error: unknown) => {
    if (!(error instanceof LiveError)) throw error;
    if (error.code === "not_found") throw notFound();
    return data({ refused: error.code, intent }, { status: refusalStatus(error.code) });
  };

  if (intent === "create-sale") {
    const parsed = parseSaleForm(values);
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values }, { status: 422 });
    try {
      await createSale({ hostUserId: user.id, sessionId: session.id, ...parsed.data });
    } catch (error) {
      const field = error instanceof LiveError ? FIELD_REFUSALS[error.code] : undefined;
      if (!field) return refused(error);
      return data({ intent, errors: { [field[0]]: field[1] }, values }, { status: 422 });
    }
    return data({ done: intent as Done });
  }

  if (!["start", "pause", "resume", "end", "pin", "unpin"].includes(intent))
    throw new Response("Unknown intent", { status: 400 });
  // A sale of this session only: a form of one session never moves another's sale.
  const id = saleIdField.safeParse(values);
  const inSession =
    id.success && (await sessionSales(session.id)).some((s) => s.sale.id === id.data.saleId);
  if (!id.success || !inSession) throw notFound();
  if (intent === "unpin") {
    // Unpins this sale if it is still the pinned one (a stale form never unpins the next).
    if (session.pinnedSaleId === id.data.saleId)
      await pinSale({ hostUserId: user.id, sessionId: session.id, saleId: null });
    return data({ done: intent as Done });
  }
  try {
    if (intent === "pin")
      await pinSale({ hostUserId: user.id, sessionId: session.id, saleId: id.data.saleId });
    else
      await changeSale({
        hostUserId: user.id,
        saleId: id.data.saleId,
        action: intent as "start" | "pause" | "resume" | "end",
      });
  } catch (error) {
    return refused(error);
  }
  return data({ done: intent as Done });
}

export default function HostSessionPage() {
  const { session, sales, packs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useAdminT(liveConsoleMessages);
  const result = (actionData ?? {}) as {
    done?: Done;
    refused?: string;
    intent?: string;
    errors?: Record<string, string>;
    values?: Record<string, string>;
  };
  useFocusFirstError(result.errors);
  const creating = result.intent === "create-sale" && result.errors;
  return (
    <Page
      title={session.title}
      backAction={{ content: t("host.sessions.title"), url: "/host" }}
      titleMetadata={<Badge>{t(`platform.${session.platform}`)}</Badge>}
      subtitle={formatOrderTime(session.scheduledAt, locale)}
    >
      <BlockStack gap="400">
        {result.done ? (
          <Banner tone="success">
            {result.done === "create-sale" ? t("newSale.created") : t(`action.done.${result.done}`)}
          </Banner>
        ) : null}
        {result.refused ? (
          <Banner tone="critical">
            {t(result.refused === "bad_state" ? "refused.bad_state" : "refused.not_found")}
          </Banner>
        ) : null}
        <BlockStack gap="300">
          {/* Below Polaris' sm breakpoint cards run edge to edge: the heading keeps their inset. */}
          <Box paddingInline={{ xs: "400", sm: "0" }}>
            <Text as="h2" variant="headingMd">
              {t("sale.list")}
            </Text>
          </Box>
          {sales.length === 0 ? (
            <Card>
              <Text as="p" tone="subdued">
                {t("sale.none")}
              </Text>
            </Card>
          ) : null}
          {sales.map((s) => (
            <SaleCard key={s.id} sale={s} pinned={session.pinnedSaleId === s.id} />
          ))}
        </BlockStack>
        <Card>
          <BlockStack gap="300">
            <InlineStack>
              <Text as="h2" variant="headingMd">
                {t("newSale.title")}
              </Text>
            </InlineStack>
            {packs.length === 0 ? (
              <Text as="p">{t("newSale.noPacks")}</Text>
            ) : (
              <NewSaleForm
                key={sales.length}
                packs={packs}
                values={creating ? (result.values ?? {}) : {}}
                errors={creating ? (result.errors ?? {}) : {}}
              />
            )}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
