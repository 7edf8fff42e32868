import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Divider,
  FormLayout,
  InlineStack,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { LIVE_PLATFORMS } from "../../db/live-schema";
import { requireHost } from "~/auth/session.server";
import { formObject, parseWith } from "~/catalog/admin-schemas";
import { AdminErrorContent } from "~/components/admin/admin-error";
import {
  Field,
  HiddenIntent,
  SelectField,
  useFocusFirstError,
} from "~/components/admin/admin-fields";
import { useAdminT } from "~/components/admin/admin-i18n";
import { readForm } from "~/lib/read-form.server";
import { approvedPacks } from "~/live/approvals.server";
import { liveConsoleMessages } from "~/live/components/live-console-messages";
import { hostSessionList } from "~/live/console.server";
import { sessionFields } from "~/live/console-schemas";
import { createSession } from "~/live/sales.server";
import { formatOrderTime } from "~/orders/components/admin-order-badge";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireHost(request);
  const [sessions, packs] = await Promise.all([hostSessionList(user.id), approvedPacks(user.id)]);
  return {
    email: user.email,
    approved: packs.length > 0,
    sessions: sessions.map((s) => ({ ...s, scheduledAt: s.scheduledAt.toISOString() })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireHost(request);
  const values = formObject(await readForm(request));
  if (values.intent !== "create-session") throw new Response("Unknown intent", { status: 400 });
  const parsed = parseWith(sessionFields, values);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 422 });
  const { sessionId } = await createSession({ hostUserId: user.id, ...parsed.data });
  return redirect(`/host/sessions/${sessionId}`);
}

export default function HostSessions() {
  const { sessions, approved, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, err, locale } = useAdminT(liveConsoleMessages);
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.errors ?? {};
  const typed = (actionData?.values ?? {}) as Record<string, string | undefined>;
  useFocusFirstError(actionData?.errors);
  return (
    <Page title={t("host.sessions.title")}>
      <BlockStack gap="400">
        {!approved ? (
          <Banner tone="info" title={t("host.noApprovals.title")}>
            <p>{t("host.noApprovals.body", { email })}</p>
          </Banner>
        ) : null}
        <Card>
          <BlockStack gap="300">
            {sessions.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("host.sessions.empty")}
              </Text>
            ) : null}
            {sessions.map((s, i) => (
              <BlockStack key={s.id} gap="300">
                {i > 0 ? <Divider /> : null}
                <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                  <BlockStack gap="100">
                    <Link url={`/host/sessions/${s.id}`} removeUnderline>
                      <Text as="span" variant="headingSm">
                        {s.title}
                      </Text>
                    </Link>
                    <InlineStack gap="200" align="start" blockAlign="center">
                      <Badge>{t(`platform.${s.platform}`)}</Badge>
                      <Text as="span" tone="subdued">
                        {formatOrderTime(s.scheduledAt, locale)}
                      </Text>
                    </InlineStack>
                    <Text as="span" tone="subdued">
                      {t("host.sessions.sales", { count: s.sales })}
                    </Text>
                  </BlockStack>
                  <Button url={`/host/sessions/${s.id}`}>{t("host.sessions.open")}</Button>
                </InlineStack>
              </BlockStack>
            ))}
          </BlockStack>
        </Card>
        <Card>
          <Form method="post" noValidate>
            <HiddenIntent intent="create-session" />
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("session.new")}
              </Text>
              <FormLayout>
                <Field
                  name="title"
                  label={t("session.title")}
                  helpText={t("session.titleHelp")}
                  defaultValue={typed.title}
                  error={err(errors.title)}
                  maxLength={100}
                />
                <FormLayout.Group>
                  <SelectField
                    name="platform"
                    label={t("session.platform")}
                    placeholder={t("choose")}
                    defaultValue={typed.platform}
                    error={err(errors.platform)}
                    options={LIVE_PLATFORMS.map((p) => ({ value: p, label: t(`platform.${p}`) }))}
                  />
                  <Field
                    name="scheduledAt"
                    type="datetime-local"
                    label={t("session.scheduledAt")}
                    defaultValue={typed.scheduledAt}
                    error={err(errors.scheduledAt)}
                  />
                </FormLayout.Group>
              </FormLayout>
              <InlineStack align="end">
                <Button submit variant="primary" loading={busy}>
                  {t("session.create")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
