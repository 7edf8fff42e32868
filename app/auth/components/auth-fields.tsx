import { useRef, type ReactNode } from "react";

/**
 * A key that changes with every new action result. Keying a form with it remounts the inputs,
 * so a refused password is cleared with JavaScript just as it is without (the server never
 * sends it back), while the other fields refill from the returned values.
 */
export function useResultKey(result: unknown): number {
  const seen = useRef<{ result: unknown; n: number }>({ result: undefined, n: 0 });
  if (seen.current.result !== result) seen.current = { result, n: seen.current.n + 1 };
  return seen.current.n;
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field({
  name,
  label,
  type = "text",
  autoComplete,
  defaultValue,
  error,
  hint,
  required = true,
  minLength,
  maxLength,
  focus,
  idPrefix = "field",
  inputMode,
  placeholder,
}: {
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  autoComplete: string;
  defaultValue?: string;
  error?: string | null;
  hint?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  /** Focus this field on load (the field the server just refused). */
  focus?: boolean;
  /** Ids are `<idPrefix>-<name>`, so two forms on one page cannot clash. */
  idPrefix?: string;
  inputMode?: "numeric" | "text";
  placeholder?: string;
}) {
  const id = `${idPrefix}-${name}`;
  const described =
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        className="field__input"
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        required={required}
        minLength={minLength}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        // A field the server refused is where the person should be typing next.
        // eslint-disable-next-line jsx-a11y/no-autofocus
        autoFocus={focus}
        placeholder={placeholder}
        {...(inputMode ? { inputMode, spellCheck: false } : {})}
        {...(type === "email"
          ? { inputMode: "email" as const, spellCheck: false, autoCapitalize: "none" }
          : {})}
      />
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The centred card every account page sits in. */
export function AuthCard({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <main id="main" className="container auth-page">
      <div className="auth-card">
        <h1 className="auth-card__title">{title}</h1>
        {intro ? <p className="auth-card__intro">{intro}</p> : null}
        {children}
      </div>
    </main>
  );
}
