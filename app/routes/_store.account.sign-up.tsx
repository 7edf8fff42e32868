import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { accountMeta, retryAfterHeaders } from "~/auth/route-meta";
import { signUp } from "~/auth/accounts.server";
import { clientIp } from "~/auth/client-ip";
import { AuthCard, Field, useResultKey } from "~/auth/components/auth-fields";
import { authTranslator, type AuthMessageKey } from "~/auth/messages";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/auth/passwords";
import { safeRedirect } from "~/auth/safe-redirect";
import { signUpSchema } from "~/auth/schemas";
import { getUser, startSession } from "~/auth/session.server";
import { fieldErrors, type FieldErrors } from "~/lib/field-errors";
import { getLocale } from "~/lib/locale.server";
import { useI18n } from "~/lib/use-i18n";
import { readFormObject } from "~/lib/read-form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  if (await getUser(request)) throw redirect(redirectTo || "/account");
  return { locale: await getLocale(request), redirectTo };
}

interface ActionResult {
  values: { email: string; name: string };
  errors: FieldErrors<AuthMessageKey>;
  formError?: AuthMessageKey;
  retryMinutes?: number;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormObject(request);
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  // Everything but the password goes back into the form.
  const values = { email: text(form.email), name: text(form.name) };
  const parsed = signUpSchema.safeParse(form);
  if (!parsed.success) {
    return data<ActionResult>(
      { values, errors: fieldErrors<AuthMessageKey>(parsed.error), formError: "error.form" },
      { status: 422 },
    );
  }
  const { email, name, password, redirectTo } = parsed.data;
  const result = await signUp({ email, name, password, ip: clientIp(context) });
  if (!result.ok) {
    if (result.reason === "rate_limited") {
      return data<ActionResult>(
        {
          values,
          errors: {},
          formError: "signUp.rateLimited",
          retryMinutes: Math.ceil(result.retryAfterSeconds / 60),
        },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    return data<ActionResult>(
      { values, errors: { email: "error.emailTaken" }, formError: "error.form" },
      { status: 409 },
    );
  }
  const { cookie } = await startSession({ request, userId: result.userId });
  return redirect(safeRedirect(redirectTo, "/account"), { headers: { "Set-Cookie": cookie } });
}

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data: d }) =>
  accountMeta(d?.locale, "signUp.title");

export default function SignUpPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const formKey = useResultKey(result);
  const { locale } = useI18n();
  const t = authTranslator(locale);
  const error = (field: string) => (result?.errors[field] ? t(result.errors[field]) : null);
  const firstBad = ["email", "name", "password"].find((f) => result?.errors[f]);
  const signInHref = redirectTo
    ? `/account/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`
    : "/account/sign-in";
  return (
    <AuthCard title={t("signUp.title")} intro={t("signUp.intro")}>
      {result?.formError ? (
        <p role="alert" className="notice notice--error">
          {t(result.formError, { minutes: result.retryMinutes ?? 60 })}
        </p>
      ) : null}
      <Form method="post" className="auth-form" noValidate key={formKey}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="email"
          type="email"
          label={t("field.email")}
          autoComplete="email"
          defaultValue={result?.values.email}
          error={error("email")}
          focus={firstBad === "email"}
        />
        <Field
          name="name"
          label={t("field.name")}
          autoComplete="name"
          maxLength={80}
          defaultValue={result?.values.name}
          error={error("name")}
          focus={firstBad === "name"}
        />
        <Field
          name="password"
          type="password"
          label={t("field.password")}
          autoComplete="new-password"
          minLength={PASSWORD_MIN}
          maxLength={PASSWORD_MAX}
          hint={t("field.passwordHint")}
          error={error("password")}
          focus={firstBad === "password"}
        />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {t("signUp.submit")}
        </button>
      </Form>
      <p className="auth-card__switch">
        {t("signUp.haveAccount")} <Link to={signInHref}>{t("signUp.toSignIn")}</Link>
      </p>
    </AuthCard>
  );
}
