import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Page, Text } from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { formObject } from "~/catalog/admin-schemas";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { useFocusFirstError } from "~/components/admin/admin-fields";
import { useAdminT } from "~/components/admin/admin-i18n";
import { DealForm, EMPTY_DEAL_FORM, type DealFormValues } from "~/groupbuy/components/deal-form";
import { createDeal, dealPacks, dealPointChoices } from "~/groupbuy/deals.server";
import { groupbuyMessages } from "~/groupbuy/groupbuy-messages";
import { parseDealCreate } from "~/groupbuy/schemas";
import { readForm } from "~/lib/read-form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const [packs, points] = await Promise.all([
    dealPacks({ cooperativeId: cooperative.id }),
    dealPointChoices({ cooperativeId: cooperative.id }),
  ]);
  return { packs, points, now: new Date().toISOString() };
}

export async function action({ request }: ActionFunctionArgs) {
  const { cooperative, user } = await requireCooperativeContext(request);
  const values = formObject(await readForm(request), ["pickupPointIds"]);
  if (values.intent !== "create") throw new Response("Unknown intent", { status: 400 });
  const now = new Date();
  const parsed = parseDealCreate(values, now);
  if (!parsed.ok) return data({ errors: parsed.errors, values, count: 0 }, { status: 422 });
  const created = await createDeal({
    cooperativeId: cooperative.id,
    actor: user.id,
    input: parsed.data,
    now,
  });
  if (created.ok) return redirect(`/admin/groupbuys/${created.offerId}?created=1`);
  // Another cooperative's pack answers like a pack that does not exist: by the field.
  if (created.error === "not_found")
    return data(
      { errors: { variantId: "groupbuy.admin.error.pack" }, values, count: 0 },
      { status: 422 },
    );
  return data({ errors: created.errors, values, count: created.count ?? 0 }, { status: 422 });
}

export default function NewGroupbuy() {
  const { packs, points, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useAdminT(groupbuyMessages);
  useFocusFirstError(actionData?.errors);
  const values = {
    ...EMPTY_DEAL_FORM,
    ...(actionData?.values as DealFormValues | undefined),
  };
  return (
    <Page
      title={t("groupbuy.admin.newTitle")}
      backAction={{ content: t("groupbuy.admin.title"), url: "/admin/groupbuys" }}
      secondaryActions={[
        { content: t("groupbuy.admin.addPoint"), url: "/admin/pickup-points/new" },
      ]}
    >
      <Card>
        <BlockStack gap="300">
          {packs.length === 0 ? (
            <Text as="p">{t("groupbuy.admin.noPacks")}</Text>
          ) : (
            <DealForm
              intent="create"
              packs={packs}
              points={points}
              values={values}
              errors={actionData?.errors ?? {}}
              errorCount={actionData?.count}
              joined={0}
              nowIso={now}
            />
          )}
        </BlockStack>
      </Card>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
