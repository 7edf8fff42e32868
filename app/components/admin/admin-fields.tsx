import { Checkbox, InlineError, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useId, useState, type ComponentProps } from "react";
import { monthName } from "../../lib/i18n";
import { useAdminT } from "./admin-i18n";

/*
 * Polaris inputs are controlled; these keep their own state so a page can declare a form as
 * plain fields with a name and a default, and the browser posts it as an ordinary form.
 */

type TextProps = Omit<
  ComponentProps<typeof TextField>,
  "value" | "onChange" | "error" | "autoComplete"
> & {
  name: string;
  defaultValue?: string | number | null;
  /** The field's error in words (the page's `err(key)`: the shell knows no domain's keys). */
  error?: string;
  autoComplete?: string;
};

export function Field({ defaultValue, error, autoComplete = "off", ...props }: TextProps) {
  const [value, setValue] = useState(defaultValue == null ? "" : String(defaultValue));
  return (
    <TextField
      {...props}
      autoComplete={autoComplete}
      value={value}
      onChange={setValue}
      error={error}
    />
  );
}

export function SelectField({
  name,
  label,
  options,
  defaultValue,
  error,
  placeholder,
}: {
  name: string;
  label: string;
  options: { label: string; value: string }[];
  defaultValue?: string;
  error?: string;
  placeholder?: string;
}) {
  const [value, setValue] = useState(defaultValue ?? "");
  return (
    <Select
      name={name}
      label={label}
      options={options}
      value={value}
      onChange={setValue}
      error={error}
      placeholder={placeholder}
    />
  );
}

/** Twelve month boxes posted as repeated `name` fields. */
export function MonthsField({
  name,
  legend,
  defaultValue,
  error,
}: {
  name: string;
  legend: string;
  defaultValue: number[];
  error?: string;
}) {
  const { t, locale } = useAdminT();
  const [checked, setChecked] = useState(() => new Set(defaultValue));
  const fieldId = useId();
  return (
    // InlineError gives its message the id `${fieldID}Error`; same icon and colour as the other fields' errors.
    <fieldset
      style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}
      aria-describedby={error ? `${fieldId}Error` : undefined}
    >
      <legend style={{ padding: 0, marginBottom: 4 }}>
        <Text as="span" variant="bodyMd">
          {legend}
        </Text>
      </legend>
      <div className="admin-months">
        {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
          <Checkbox
            key={m}
            name={name}
            value={String(m)}
            label={t("field.month", { m: monthName(m, locale) })}
            checked={checked.has(m)}
            onChange={(on) =>
              setChecked((s) => {
                const next = new Set(s);
                if (on) next.add(m);
                else next.delete(m);
                return next;
              })
            }
          />
        ))}
      </div>
      {error ? (
        <div style={{ marginTop: "var(--p-space-100)" }}>
          <InlineError message={error} fieldID={fieldId} />
        </div>
      ) : null}
    </fieldset>
  );
}

export function HiddenIntent({ intent }: { intent: string }) {
  return <input type="hidden" name="intent" value={intent} />;
}

/** After a refused save, put the cursor in the first field that needs fixing (the page may be long). */
export function useFocusFirstError(errors: object | undefined) {
  useEffect(() => {
    if (!errors || Object.keys(errors).length === 0) return;
    const field = document.querySelector<HTMLElement>(
      "main [aria-invalid='true'], main fieldset[aria-describedby] input",
    );
    field?.focus();
    field?.scrollIntoView({ block: "center" });
  }, [errors]);
}

/** A form's submit handler for a final action: asks `question` first; cancelling sends nothing. */
export function confirmOrStop(event: { preventDefault(): void }, question: string | undefined) {
  if (question && !window.confirm(question)) event.preventDefault();
}
