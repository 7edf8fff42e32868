import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Page, Text } from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { formObject } from "~/catalog/admin-schemas";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { useFocusFirstError } from "~/components/admin/admin-fields";
import { useAdminT } from "~/components/admin/admin-i18n";
import { readForm } from "~/lib/read-form.server";
import {
  EMPTY_PRESALE_FORM,
  PresaleForm,
  type PresaleFormValues,
} from "~/presale/components/presale-form";
import { presaleMessages } from "~/presale/presale-messages";
import { parsePresaleCreate } from "~/presale/schemas";
import { createPresale, presalePacks } from "~/presale/terms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  return { packs: await presalePacks({ cooperativeId: cooperative.id }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { cooperative, user } = await requireCooperativeContext(request);
  const values = formObject(await readForm(request));
  if (values.intent !== "create") throw new Response("Unknown intent", { status: 400 });
  const parsed = parsePresaleCreate(values);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 422 });
  const created = await createPresale({
    cooperativeId: cooperative.id,
    actor: user.id,
    input: parsed.data,
  });
  if (created.ok) return redirect(`/admin/presales/${created.offerId}?created=1`);
  // Another cooperative's pack answers like a pack that does not exist: by the field.
  const errors =
    created.error === "not_found" ? { variantId: "presale.admin.error.pack" } : created.errors;
  return data({ errors, values }, { status: 422 });
}

export default function NewPresale() {
  const { packs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useAdminT(presaleMessages);
  useFocusFirstError(actionData?.errors);
  const values = {
    ...EMPTY_PRESALE_FORM,
    ...(actionData?.values as Partial<PresaleFormValues> | undefined),
  };
  return (
    <Page
      title={t("presale.admin.newTitle")}
      backAction={{ content: t("presale.admin.title"), url: "/admin/presales" }}
    >
      <Card>
        <BlockStack gap="300">
          {packs.length === 0 ? (
            <Text as="p">{t("presale.admin.noPacks")}</Text>
          ) : (
            <PresaleForm
              intent="create"
              packs={packs}
              values={values}
              errors={actionData?.errors ?? {}}
              committed={0}
            />
          )}
        </BlockStack>
      </Card>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
