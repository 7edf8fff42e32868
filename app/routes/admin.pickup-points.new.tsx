import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Card, Page } from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { formObject } from "~/catalog/admin-schemas";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { useFocusFirstError } from "~/components/admin/admin-fields";
import { useAdminT } from "~/components/admin/admin-i18n";
import {
  EMPTY_POINT_FORM,
  PointForm,
  type PointFormValues,
} from "~/groupbuy/components/point-form";
import { groupbuyMessages } from "~/groupbuy/groupbuy-messages";
import { createPoint } from "~/groupbuy/pickup-points.server";
import { parsePoint } from "~/groupbuy/schemas";
import { readForm } from "~/lib/read-form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCooperativeContext(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const values = formObject(await readForm(request));
  if (values.intent !== "create") throw new Response("Unknown intent", { status: 400 });
  const parsed = parsePoint(values);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 422 });
  const created = await createPoint({ cooperativeId: cooperative.id, input: parsed.data });
  if (created.ok) return redirect(`/admin/pickup-points/${created.pointId}?created=1`);
  if (created.error === "not_found") throw new Response("Not found", { status: 404 });
  return data({ errors: created.errors, values }, { status: 422 });
}

export default function NewPickupPoint() {
  useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useAdminT(groupbuyMessages);
  useFocusFirstError(actionData?.errors);
  return (
    <Page
      title={t("groupbuy.admin.points.newTitle")}
      backAction={{ content: t("groupbuy.admin.points.title"), url: "/admin/pickup-points" }}
    >
      <Card>
        <PointForm
          intent="create"
          values={{ ...EMPTY_POINT_FORM, ...(actionData?.values as PointFormValues | undefined) }}
          errors={actionData?.errors ?? {}}
          cities={[]}
          districts={[]}
        />
      </Card>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
