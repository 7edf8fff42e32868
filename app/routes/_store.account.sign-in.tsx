import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { accountMeta, retryAfterHeaders } from "~/auth/route-meta";
import { signIn } from "~/auth/accounts.server";
import { clientIp } from "~/auth/client-ip";
import { AuthCard, Field, useResultKey } from "~/auth/components/auth-fields";
import { authTranslator, type AuthMessageKey } from "~/auth/messages";
import { safeRedirect } from "~/auth/safe-redirect";
import { signInSchema } from "~/auth/schemas";
import { getUser, landingPath, startSession } from "~/auth/session.server";
import { fieldErrors, type FieldErrors } from "~/lib/field-errors";
import { getLocale } from "~/lib/locale.server";
import { useI18n } from "~/lib/use-i18n";
import { readFormObject } from "~/lib/read-form.server";

const noticeSchema = z.enum(["signed-out", "signed-out-everywhere"]).optional().catch(undefined);
const NOTICES = {
  "signed-out": "signIn.signedOut",
  "signed-out-everywhere": "signIn.signedOutEverywhere",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), "");
  const user = await getUser(request);
  if (user)
    throw redirect(
      redirectTo || landingPath({ role: user.role, isMember: user.memberships.length > 0 }),
    );
  return {
    locale: await getLocale(request),
    redirectTo,
    notice: noticeSchema.parse(url.searchParams.get("notice") ?? undefined),
  };
}

interface ActionResult {
  values: { email: string };
  errors: FieldErrors<AuthMessageKey>;
  formError?: AuthMessageKey;
  retryMinutes?: number;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormObject(request);
  // Everything but the password goes back into the form.
  const values = { email: typeof form.email === "string" ? form.email : "" };
  const parsed = signInSchema.safeParse(form);
  if (!parsed.success) {
    return data<ActionResult>(
      { values, errors: fieldErrors<AuthMessageKey>(parsed.error), formError: "error.form" },
      { status: 400 },
    );
  }
  const result = await signIn({
    email: parsed.data.email,
    password: parsed.data.password,
    ip: clientIp(context),
  });
  if (!result.ok) {
    if (result.reason === "rate_limited") {
      return data<ActionResult>(
        {
          values,
          errors: {},
          formError: "signIn.rateLimited",
          retryMinutes: Math.ceil(result.retryAfterSeconds / 60),
        },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    return data<ActionResult>({ values, errors: {}, formError: "signIn.wrong" }, { status: 401 });
  }
  const { cookie } = await startSession({ request, userId: result.userId });
  return redirect(safeRedirect(parsed.data.redirectTo, result.landing), {
    headers: { "Set-Cookie": cookie },
  });
}

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data: d }) =>
  accountMeta(d?.locale, "signIn.title");

export default function SignInPage() {
  const { redirectTo, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const formKey = useResultKey(result);
  const { locale } = useI18n();
  const t = authTranslator(locale);
  const withRedirect = (path: string) =>
    redirectTo ? `${path}?redirectTo=${encodeURIComponent(redirectTo)}` : path;
  const error = (field: string) => (result?.errors[field] ? t(result.errors[field]) : null);
  return (
    <AuthCard title={t("signIn.title")} intro={t("signIn.intro")}>
      {notice && !result ? (
        <p role="status" className="notice notice--ok">
          {t(NOTICES[notice])}
        </p>
      ) : null}
      {result?.formError ? (
        <p role="alert" className="notice notice--error">
          {t(result.formError, { minutes: result.retryMinutes ?? 15 })}
        </p>
      ) : null}
      <Form method="post" className="auth-form" noValidate key={formKey}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="email"
          type="email"
          label={t("field.email")}
          autoComplete="username"
          defaultValue={result?.values.email}
          error={error("email")}
          focus={Boolean(error("email"))}
        />
        <Field
          name="password"
          type="password"
          label={t("field.password")}
          autoComplete="current-password"
          error={error("password")}
          focus={Boolean(result?.formError === "signIn.wrong")}
        />
        <p className="auth-form__aside">
          <Link to="/account/reset">{t("signIn.forgot")}</Link>
        </p>
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {t("signIn.submit")}
        </button>
      </Form>
      <p className="auth-card__switch">
        {t("signIn.noAccount")}{" "}
        <Link to={withRedirect("/account/sign-up")}>{t("signIn.toSignUp")}</Link>
      </p>
    </AuthCard>
  );
}
