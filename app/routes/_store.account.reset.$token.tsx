import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { accountMeta } from "~/auth/route-meta";
import { AuthCard, Field, useResultKey } from "~/auth/components/auth-fields";
import { authTranslator, type AuthMessageKey } from "~/auth/messages";
import { PASSWORD_MIN } from "~/auth/passwords";
import {
  inspectResetToken,
  resetPassword,
  type ResetTokenState,
} from "~/auth/password-reset.server";
import { resetPasswordSchema, resetTokenSchema } from "~/auth/schemas";
import { startSession } from "~/auth/session.server";
import { fieldErrors } from "~/lib/field-errors";
import { getLocale } from "~/lib/locale.server";
import { useI18n } from "~/lib/use-i18n";
import { readFormObject } from "~/lib/read-form.server";

type Problem = Exclude<ResetTokenState["status"], "valid">;
const STATUS: Record<Problem, number> = { invalid: 400, expired: 410, used: 410 };
const MESSAGE: Record<Problem, AuthMessageKey> = {
  invalid: "reset.invalid",
  expired: "reset.expired",
  used: "reset.used",
};

async function tokenState(token: string | undefined): Promise<ResetTokenState> {
  const parsed = resetTokenSchema.safeParse(token);
  return parsed.success ? inspectResetToken({ token: parsed.data }) : { status: "invalid" };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const state = await tokenState(params.token);
  if (state.status !== "valid")
    return data(
      { locale, problem: state.status as Problem, email: null },
      { status: STATUS[state.status] },
    );
  return { locale, problem: null, email: state.email };
}

interface ActionResult {
  problem?: Problem;
  passwordError?: AuthMessageKey;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = resetTokenSchema.safeParse(params.token);
  if (!token.success) return data<ActionResult>({ problem: "invalid" }, { status: 400 });
  const parsed = resetPasswordSchema.safeParse(await readFormObject(request));
  if (!parsed.success) {
    // A bad password spends nothing; say first if the link itself is no good.
    const state = await inspectResetToken({ token: token.data });
    if (state.status !== "valid")
      return data<ActionResult>({ problem: state.status }, { status: STATUS[state.status] });
    return data<ActionResult>(
      {
        passwordError:
          fieldErrors<AuthMessageKey>(parsed.error).password ?? "error.password.tooShort",
      },
      { status: 422 },
    );
  }
  const result = await resetPassword({ token: token.data, password: parsed.data.password });
  if (!result.ok) {
    if (result.reason === "weak")
      return data<ActionResult>(
        { passwordError: `error.password.${result.problem}` },
        { status: 422 },
      );
    return data<ActionResult>({ problem: result.reason }, { status: STATUS[result.reason] });
  }
  const { cookie } = await startSession({ request, userId: result.userId });
  return redirect("/account?notice=password-reset", { headers: { "Set-Cookie": cookie } });
}

// Personal data (or a live reset link): never kept by a shared cache or the back-forward cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export const meta: MetaFunction<typeof loader> = ({ data: d }) =>
  accountMeta(d?.locale, "reset.setTitle");

export default function ResetPasswordPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const formKey = useResultKey(result);
  const { locale } = useI18n();
  const t = authTranslator(locale);
  const problem = result?.problem ?? loaded.problem;
  if (problem) {
    return (
      <AuthCard title={t("reset.setTitle")}>
        <p role="alert" className="notice notice--error">
          {t(MESSAGE[problem])}
        </p>
        <p className="auth-card__switch">
          <Link to="/account/reset" className="button button--block">
            {t("reset.again")}
          </Link>
        </p>
      </AuthCard>
    );
  }
  const passwordError = result?.passwordError ? t(result.passwordError) : null;
  return (
    <AuthCard
      title={t("reset.setTitle")}
      intro={t("reset.setIntro", { email: loaded.email ?? "" })}
    >
      <Form method="post" className="auth-form" noValidate key={formKey}>
        <input type="hidden" name="username" value={loaded.email ?? ""} autoComplete="username" />
        <Field
          name="password"
          type="password"
          label={t("field.newPassword")}
          autoComplete="new-password"
          minLength={PASSWORD_MIN}
          hint={t("field.passwordHint")}
          error={passwordError}
          focus={Boolean(passwordError)}
        />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {t("reset.setSubmit")}
        </button>
      </Form>
    </AuthCard>
  );
}
