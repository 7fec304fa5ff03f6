/** Large single-choice buttons (a radio group) — easier to hit in the sun than a select. */
import { useId } from 'react';

export interface Choice {
  value: string;
  label: string;
}

export function ChoiceGroup({
  legend,
  choices,
  value,
  onChange,
  stacked = false,
  error,
}: {
  legend: string;
  choices: Choice[];
  value: string | null;
  onChange: (value: string) => void;
  stacked?: boolean;
  error?: string;
}) {
  const legendId = useId();
  return (
    <div className="field">
      <span className="field-label" id={legendId}>
        {legend}
      </span>
      <div role="radiogroup" aria-labelledby={legendId} className={stacked ? 'choices choices-stacked' : 'choices'}>
        {choices.map((choice) => (
          <button
            key={choice.value}
            type="button"
            role="radio"
            aria-checked={choice.value === value}
            className="choice"
            onClick={() => onChange(choice.value)}
          >
            {choice.label}
          </button>
        ))}
      </div>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
