import { isRouteErrorResponse, useLocation, useRouteError } from "@remix-run/react";
import { BlockStack, Button, Card, Page, Text } from "@shopify/polaris";
import { useAdminT } from "./admin-i18n";

/** 403, 404 and anything else, said plainly, with a way back. Child routes render it inside the frame. */
export function AdminErrorContent() {
  const error = useRouteError();
  const { t } = useAdminT();
  const underHost = useLocation().pathname.startsWith("/host");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status >= 500) console.error(error);
  // Refused the host console: not a host (yet). The way back is the account, not the console.
  const notHost = underHost && status === 403;
  const [home, back] = notHost
    ? ["/account", t("error.toAccount")]
    : [underHost ? "/host" : "/admin", t("error.back")];
  const [title, body] =
    status === 403
      ? [t("error.forbidden"), t(notHost ? "error.notHostBody" : "error.forbiddenBody")]
      : status === 404
        ? [t("error.notFound"), t("error.notFoundBody")]
        : [t("error.generic"), t("error.genericBody")];
  return (
    <Page narrowWidth>
      <Card>
        <BlockStack gap="400">
          <Text as="p" variant="bodySm" tone="subdued">
            {status}
          </Text>
          <Text as="h1" variant="headingLg">
            {title}
          </Text>
          <Text as="p">{body}</Text>
          <div>
            <Button url={home} variant="primary">
              {back}
            </Button>
          </div>
        </BlockStack>
      </Card>
    </Page>
  );
}
