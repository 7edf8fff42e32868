import { useEffect, useState } from "react";

/**
 * A number field with − and + beside it, kept within 1…max. The field alone works without
 * JavaScript (the buttons wait, disabled, until the page is live); typing still works, and the
 * server checks whatever is sent.
 */
export function QuantityStepper({
  id,
  name,
  value,
  max,
  onChange,
  labels,
  invalid,
  describedBy,
}: {
  id: string;
  name: string;
  value: string;
  max: number;
  onChange: (value: string) => void;
  labels: { down: string; up: string };
  invalid?: boolean;
  describedBy?: string;
}) {
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const n = Number(value);
  const whole = Number.isInteger(n) && /^\d+$/.test(value.trim());
  const step = (by: number) => {
    const from = whole ? n : 1;
    onChange(String(Math.min(Math.max(1, from + by), Math.max(1, max))));
  };
  return (
    <div className="stepper">
      <button
        type="button"
        className="stepper__button"
        aria-label={labels.down}
        aria-controls={id}
        disabled={!live || (whole && n <= 1)}
        onClick={() => step(-1)}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path d="M5 12h14" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
        </svg>
      </button>
      <input
        id={id}
        name={name}
        type="number"
        inputMode="numeric"
        min={1}
        max={Math.max(1, max)}
        step={1}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className="stepper__input"
      />
      <button
        type="button"
        className="stepper__button"
        aria-label={labels.up}
        aria-controls={id}
        disabled={!live || (whole && n >= max)}
        onClick={() => step(1)}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path
            d="M5 12h14M12 5v14"
            stroke="currentColor"
            strokeWidth="2.2"
            strokeLinecap="round"
          />
        </svg>
      </button>
    </div>
  );
}
