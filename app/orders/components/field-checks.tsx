import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import type { checkoutTranslator } from "~/orders/checkout-messages";
import { fieldMessage } from "~/orders/checkout-messages";
import { checkField, isCheckedField } from "~/orders/checkout-rules";

/*
 * The checkout form checked in the browser with the server's own rules (checkout-rules.ts): a
 * field is checked as the shopper leaves it, its message goes as soon as what is typed passes,
 * and a submit with problems stays on the page with the first one focused. The server checks
 * everything again (and alone, without JavaScript); its answer replaces what is shown here.
 */

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function controlOf(target: EventTarget | null): Control | null {
  return target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement
    ? target
    : null;
}

const without = (errors: Record<string, string>, name: string) => {
  if (!(name in errors)) return errors;
  const next = { ...errors };
  delete next[name];
  return next;
};

/** What the polite live region last said: a field's label and its message key. */
export interface Said {
  label: string;
  key: string;
}

export function useFieldChecks(serverErrors: Record<string, string> | undefined) {
  const [errors, setErrors] = useState<Record<string, string>>(serverErrors ?? {});
  const [refused, setRefused] = useState(false);
  const [said, setSaid] = useState<Said | null>(null);
  const form = useRef<HTMLFormElement | null>(null);
  const focusFirst = useRef(false);

  // A server answer (with JavaScript, the action's data) is the truth about every field.
  useEffect(() => {
    setErrors(serverErrors ?? {});
    setRefused(false);
  }, [serverErrors]);

  // After a refused submit, the first field to fix takes the focus once its message is in place,
  // so a screen reader reads the message with the field.
  useEffect(() => {
    if (!focusFirst.current) return;
    focusFirst.current = false;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  /** A value changed without an event (a picker choosing the only city): clear its message if it now passes. */
  const recheck = useCallback((name: string, value: string) => {
    if (isCheckedField(name) && !checkField(name, value)) setErrors((e) => without(e, name));
  }, []);

  const formProps = {
    ref: form,
    onBlur(event: FormEvent<HTMLFormElement>) {
      const control = controlOf(event.target);
      if (!control || !isCheckedField(control.name) || control.disabled) return;
      const key = checkField(control.name, control.value);
      setErrors((e) => (key ? { ...e, [control.name]: key } : without(e, control.name)));
      if (key) setSaid({ label: control.labels?.[0]?.textContent?.trim() ?? "", key });
    },
    onChange(event: FormEvent<HTMLFormElement>) {
      const control = controlOf(event.target);
      if (!control || !isCheckedField(control.name)) return;
      // Typing never adds a message (that waits for leaving the field); it only takes one away.
      if (!checkField(control.name, control.value)) setErrors((e) => without(e, control.name));
    },
    onSubmit(event: FormEvent<HTMLFormElement>) {
      const found: Record<string, string> = {};
      for (const element of Array.from(event.currentTarget.elements)) {
        const control = controlOf(element);
        if (!control || control.disabled || !isCheckedField(control.name)) continue;
        const key = checkField(control.name, control.value);
        if (key) found[control.name] ??= key;
      }
      if (Object.keys(found).length === 0) return;
      event.preventDefault();
      focusFirst.current = true;
      setRefused(true);
      setErrors((e) => ({ ...e, ...found }));
    },
  };

  return { errors, refused, said, recheck, formProps };
}

/** Says a field's new message aloud (politely) as the shopper moves on from it. */
export function FieldAnnouncer({
  t,
  said,
}: {
  t: ReturnType<typeof checkoutTranslator>;
  said: Said | null;
}) {
  return (
    <p className="visually-hidden" aria-live="polite">
      {said ? `${said.label}: ${fieldMessage(t, said.key)}` : ""}
    </p>
  );
}
