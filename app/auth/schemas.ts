import { z } from "zod";
import type { AuthMessageKey } from "./messages";
import { passwordProblem } from "./passwords";

// Issue messages are message keys; the route translates them for the page's language.
const msg = (key: AuthMessageKey) => key;

/** Emails are compared and stored trimmed and lower-cased (the users table checks it). */
export const emailSchema = z
  .string({ required_error: msg("error.email") })
  .trim()
  .toLowerCase()
  .max(254, msg("error.email"))
  .email(msg("error.email"));

const newPassword = z
  .string({ required_error: msg("error.password.tooShort") })
  .superRefine((pw, ctx) => {
    const problem = passwordProblem(pw);
    if (problem) ctx.addIssue({ code: "custom", message: msg(`error.password.${problem}`) });
  });

export const signUpSchema = z
  .object({
    email: emailSchema,
    name: z
      .string({ required_error: msg("error.name") })
      .trim()
      .min(1, msg("error.name"))
      .max(80, msg("error.name"))
      // PostgreSQL text cannot hold U+0000: refuse it here rather than fail the INSERT.
      .refine((s) => !s.includes("\u0000"), msg("error.name")),
    password: newPassword,
    redirectTo: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    // Field rules ran already; this adds the one rule that needs the email too.
    const problem = passwordProblem(v.password, v.email);
    if (problem && !passwordProblem(v.password))
      ctx.addIssue({
        code: "custom",
        path: ["password"],
        message: msg(`error.password.${problem}`),
      });
  });

export const signInSchema = z.object({
  email: emailSchema,
  // No strength rules here (old passwords stay valid); the cap keeps hashing cost bounded.
  password: z
    .string({ required_error: msg("error.passwordRequired") })
    .min(1, msg("error.passwordRequired"))
    .max(1024, msg("signIn.wrong")),
  redirectTo: z.string().optional(),
});

export const resetRequestSchema = z.object({ email: emailSchema });

/** 32 random bytes in base64url: exactly 43 URL-safe characters. */
export const resetTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const resetPasswordSchema = z.object({ password: newPassword });
