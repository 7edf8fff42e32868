export interface CardFieldProps {
  name: "number" | "expiry" | "cvc" | "name";
  label: string;
  autoComplete: string;
  inputMode?: "numeric" | "text";
  placeholder?: string;
  maxLength: number;
  defaultValue?: string;
  error?: string | null;
  focus?: boolean;
}

/** One labelled card input with its error tied to it for screen readers (same look as the account forms). */
export function CardField({ name, label, autoComplete, inputMode = "text", placeholder, maxLength, defaultValue, error, focus }: CardFieldProps) {
  const id = `card-${name}`;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        name={name}
        className="field__input"
        autoComplete={autoComplete}
        inputMode={inputMode}
        placeholder={placeholder}
        maxLength={maxLength}
        defaultValue={defaultValue}
        required
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        // The field the server just refused is where the shopper types next.
        // eslint-disable-next-line jsx-a11y/no-autofocus
        autoFocus={focus}
      />
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
