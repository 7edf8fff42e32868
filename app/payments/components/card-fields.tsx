import { Field } from "~/auth/components/auth-fields";

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

/** One card input: the account forms' field, with `card-` ids and no spell checking. */
export function CardField({ inputMode = "text", ...props }: CardFieldProps) {
  return <Field {...props} idPrefix="card" inputMode={inputMode} />;
}
