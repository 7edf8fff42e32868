import { isRouteErrorResponse, useLocation, useRouteError } from "@remix-run/react";
import { BlockStack, Button, Card, Page, Text } from "@shopify/polaris";
import { useAdminT } from "./admin-i18n";

/** 403, 404 and anything else, said plainly, with a way back. Child routes render it inside the frame. */
export function AdminErrorContent({ layout = false }: { layout?: boolean }) {
  const error = useRouteError();
  const { t } = useAdminT();
  const underHost = useLocation().pathname.startsWith("/host");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status >= 500) console.error(error);
  // Refused the whole console (the host console to a non-host, the admin to an account with no
  // cooperative, a host say): the way on is the account page, which links to what the account
  // can open, never the console that just refused it (that would loop).
  const refusedConsole = status === 403 && (underHost || layout);
  const [home, back] = refusedConsole
    ? ["/account", t("error.toAccount")]
    : [underHost ? "/host" : "/admin", t("error.back")];
  const [title, body] =
    status === 403
      ? [
          t("error.forbidden"),
          t(
            underHost
              ? "error.notHostBody"
              : refusedConsole
                ? "error.notMemberBody"
                : "error.forbiddenBody",
          ),
        ]
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
