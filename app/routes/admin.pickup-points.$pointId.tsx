import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Page } from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { formObject } from "~/catalog/admin-schemas";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { confirmOrStop, HiddenIntent, useFocusFirstError } from "~/components/admin/admin-fields";
import { useAdminT } from "~/components/admin/admin-i18n";
import { PointForm, type PointFormValues } from "~/groupbuy/components/point-form";
import { groupbuyMessages } from "~/groupbuy/groupbuy-messages";
import { deletePoint, pointForEdit, updatePoint } from "~/groupbuy/pickup-points.server";
import { parsePoint, pointFormValues, pointIdField } from "~/groupbuy/schemas";
import { invariantFound, notFound } from "~/lib/not-found";
import { readForm } from "~/lib/read-form.server";
import { citiesOf, districtsOf } from "~/lib/regions.server";

async function loadPoint(request: Request, pointId: string | undefined) {
  const ctx = await requireCooperativeContext(request);
  const id = pointIdField.safeParse({ pointId });
  const point = id.success
    ? await pointForEdit({ cooperativeId: ctx.cooperative.id, pointId: id.data.pointId })
    : null;
  invariantFound(point);
  return { ctx, point };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { point } = await loadPoint(request, params.pointId);
  return {
    created: new URL(request.url).searchParams.get("created") === "1",
    pointId: point.id,
    name: point.name,
    form: pointFormValues(point),
    cities: citiesOf(point.provinceCode),
    districts: districtsOf(point.cityCode),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, point } = await loadPoint(request, params.pointId);
  const values = formObject(await readForm(request));
  if (values.intent !== "update" && values.intent !== "delete")
    throw new Response("Unknown intent", { status: 400 });
  // The form names the point it changes: a mangled or stray form changes nothing.
  const named = pointIdField.safeParse(values);
  if (!named.success || named.data.pointId !== point.id) throw notFound();
  if (values.intent === "delete") {
    const deleted = await deletePoint({ cooperativeId: ctx.cooperative.id, pointId: point.id });
    if (deleted.ok) return redirect("/admin/pickup-points");
    if (deleted.error === "not_found") throw notFound();
    return data({ errors: deleted.errors, values, saved: false }, { status: 422 });
  }
  const parsed = parsePoint(values);
  if (!parsed.ok) return data({ errors: parsed.errors, values, saved: false }, { status: 422 });
  const updated = await updatePoint({
    cooperativeId: ctx.cooperative.id,
    pointId: point.id,
    input: parsed.data,
  });
  if (updated.ok) return data({ errors: {}, values: undefined, saved: true });
  if (updated.error === "not_found") throw notFound();
  return data({ errors: updated.errors, values, saved: false }, { status: 422 });
}

export default function PickupPointDetail() {
  const { pointId, name, form, cities, districts, created } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useAdminT(groupbuyMessages);
  useFocusFirstError(actionData?.errors);
  const failed = actionData && !actionData.saved ? actionData : undefined;
  return (
    <Page
      title={name}
      backAction={{ content: t("groupbuy.admin.points.title"), url: "/admin/pickup-points" }}
    >
      <BlockStack gap="400">
        {created ? <Banner tone="success">{t("groupbuy.admin.points.created")}</Banner> : null}
        {actionData?.saved ? (
          <Banner tone="success">{t("groupbuy.admin.points.saved")}</Banner>
        ) : null}
        <Card>
          <PointForm
            key={actionData?.saved ? "saved" : "editing"}
            intent="update"
            pointId={pointId}
            values={failed ? { ...form, ...(failed.values as PointFormValues) } : form}
            errors={failed?.errors ?? {}}
            cities={cities}
            districts={districts}
          />
        </Card>
        <Form
          method="post"
          onSubmit={(e) => confirmOrStop(e, t("groupbuy.admin.points.deleteConfirm"))}
        >
          <HiddenIntent intent="delete" />
          <input type="hidden" name="pointId" value={pointId} />
          <InlineStack align="end">
            <Button submit tone="critical" variant="plain">
              {t("groupbuy.admin.points.delete")}
            </Button>
          </InlineStack>
        </Form>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
