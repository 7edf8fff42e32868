import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  Icon,
  InlineStack,
  Page,
  ResourceItem,
  ResourceList,
  Text,
} from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { listAdminProducts, type AdminThumbnail } from "~/catalog/admin-products.server";
import { PRODUCT_STATUS_FILTERS, productListQuery } from "~/catalog/admin-schemas";
import { Field, SelectField } from "~/components/admin/admin-fields";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { adminMessages } from "~/catalog/admin-messages";
import { useAdminT } from "~/components/admin/admin-i18n";
import { formatsOf, MIME, mediaUrl } from "~/media/images";
import { pick } from "~/lib/i18n";
import { formatFen } from "~/lib/money";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const query = productListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const products = await listAdminProducts({ cooperativeId: cooperative.id, ...query });
  return { products, query };
}

const THUMB = 48;
const thumbBox = {
  width: THUMB,
  height: THUMB,
  borderRadius: "var(--p-border-radius-200)",
  background: "var(--p-color-bg-surface-secondary)",
  display: "flex",
  alignItems: "center",
  justifyContent: "center",
  overflow: "hidden",
  flex: "none",
} as const;

/** The card photo at its smallest rendition, square-cropped; an empty frame when there is none. */
function ProductThumb({ thumb, alt }: { thumb: AdminThumbnail | null; alt: string }) {
  if (!thumb) {
    return (
      <span style={thumbBox}>
        <Icon source={ImageIcon} tone="subdued" />
      </span>
    );
  }
  const formats = formatsOf(thumb);
  const fallback = formats.includes("jpg") ? "jpg" : (formats[formats.length - 1] ?? "jpg");
  return (
    <picture style={thumbBox}>
      {formats
        .filter((f) => f !== fallback)
        .map((f) => (
          <source key={f} type={MIME[f]} srcSet={mediaUrl(thumb.hash, thumb.width, f)} />
        ))}
      <img
        src={mediaUrl(thumb.hash, thumb.width, fallback)}
        width={THUMB}
        height={THUMB}
        alt={alt}
        loading="lazy"
        decoding="async"
        style={{ width: THUMB, height: THUMB, objectFit: "cover", display: "block" }}
      />
    </picture>
  );
}

export default function ProductList() {
  const { products, query } = useLoaderData<typeof loader>();
  const { t, locale } = useAdminT(adminMessages);
  const filtered = query.q !== "" || query.status !== "active";
  return (
    <Page
      title={t("products.title")}
      primaryAction={{ content: t("products.add"), url: "/admin/products/new" }}
    >
      <Card padding="0">
        <BlockStack>
          <div style={{ padding: "12px" }}>
            <Form method="get" role="search">
              <InlineStack gap="200" blockAlign="end" wrap>
                <div style={{ flex: "1 1 14rem" }}>
                  <Field
                    name="q"
                    label={t("products.search")}
                    type="search"
                    defaultValue={query.q}
                  />
                </div>
                <div style={{ flex: "0 1 9rem" }}>
                  <SelectField
                    name="status"
                    label={t("products.status")}
                    defaultValue={query.status}
                    options={PRODUCT_STATUS_FILTERS.map((s) => ({
                      value: s,
                      label:
                        s === "all"
                          ? t("products.statusAll")
                          : t(s === "active" ? "common.active" : "common.archived"),
                    }))}
                  />
                </div>
                <Button submit>{t("products.filter")}</Button>
              </InlineStack>
            </Form>
          </div>
          {products.length === 0 ? (
            <div style={{ padding: "16px" }}>
              <BlockStack gap="300" inlineAlign="start">
                <Text as="p">{filtered ? t("products.noMatch") : t("products.empty")}</Text>
                {filtered ? null : (
                  <Button url="/admin/products/new" variant="primary">
                    {t("products.add")}
                  </Button>
                )}
              </BlockStack>
            </div>
          ) : (
            <ResourceList
              items={products}
              resourceName={{ singular: t("nav.products"), plural: t("nav.products") }}
              renderItem={(p) => {
                const name = pick(p, "name", locale);
                const price =
                  p.minPriceFen == null
                    ? t("products.noPacks")
                    : p.minPriceFen === p.maxPriceFen
                      ? formatFen(p.minPriceFen, locale)
                      : `${formatFen(p.minPriceFen, locale)} – ${formatFen(p.maxPriceFen!, locale)}`;
                return (
                  <ResourceItem
                    id={p.id}
                    url={`/admin/products/${p.id}`}
                    accessibilityLabel={name}
                    media={
                      <ProductThumb
                        thumb={p.thumbnail}
                        alt={p.thumbnail ? pick(p.thumbnail, "alt", locale) || name : ""}
                      />
                    }
                  >
                    <BlockStack gap="100">
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="h3" variant="bodyMd" fontWeight="semibold">
                          {name}
                        </Text>
                        {p.status === "archived" ? <Badge>{t("common.archived")}</Badge> : null}
                      </InlineStack>
                      <Text as="p" tone="subdued">
                        {price} · {t("products.packs", { count: p.packs })} ·{" "}
                        {t("products.stock", { count: p.available })}
                      </Text>
                    </BlockStack>
                  </ResourceItem>
                );
              }}
            />
          )}
        </BlockStack>
      </Card>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
