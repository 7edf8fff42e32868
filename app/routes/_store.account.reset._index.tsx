import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { accountMeta } from "~/auth/route-meta";
import { AuthCard, Field } from "~/auth/components/auth-fields";
import { authTranslator, type AuthMessageKey } from "~/auth/messages";
import { requestPasswordReset } from "~/auth/password-reset.server";
import { resetRequestSchema } from "~/auth/schemas";
import { fieldErrors, type FieldErrors } from "~/lib/field-errors";
import { getLocale } from "~/lib/locale.server";
import { mailOrigin } from "~/lib/origin.server";
import { useI18n } from "~/lib/use-i18n";
import { readFormObject } from "~/lib/read-form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return { locale: await getLocale(request) };
}

interface ActionResult {
  values: { email: string };
  errors: FieldErrors<AuthMessageKey>;
  sent: boolean;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormObject(request);
  const values = { email: typeof form.email === "string" ? form.email : "" };
  const parsed = resetRequestSchema.safeParse(form);
  if (!parsed.success)
    return data<ActionResult>(
      { values, errors: fieldErrors<AuthMessageKey>(parsed.error), sent: false },
      { status: 400 },
    );
  // The same answer for every well-formed email, account or not: this form must not reveal
  // who has an account (requestPasswordReset sends only when one exists).
  await requestPasswordReset({
    email: parsed.data.email,
    origin: mailOrigin(),
    locale: await getLocale(request),
  });
  return data<ActionResult>({ values, errors: {}, sent: true });
}

export const meta: MetaFunction<typeof loader> = ({ data: d }) =>
  accountMeta(d?.locale, "reset.title");

export default function ResetRequestPage() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { locale } = useI18n();
  const t = authTranslator(locale);
  const emailError = result?.errors.email ? t(result.errors.email) : null;
  return (
    <AuthCard title={t("reset.title")} intro={t("reset.intro")}>
      {result?.sent ? (
        <p role="status" className="notice notice--ok">
          {t("reset.sent")}
        </p>
      ) : null}
      <Form method="post" className="auth-form" noValidate>
        <Field
          name="email"
          type="email"
          label={t("field.email")}
          autoComplete="email"
          defaultValue={result?.values.email}
          error={emailError}
          focus={Boolean(emailError)}
        />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {t("reset.submit")}
        </button>
      </Form>
      <p className="auth-card__switch">
        <Link to="/account/sign-in">{t("signUp.toSignIn")}</Link>
      </p>
    </AuthCard>
  );
}
