import { useState } from 'react';
import type { ValueKind } from '../../shared/catalogue';

export interface ChecklistValueOption {
  id: string;
  kind: ValueKind;
  label: string;
}

/**
 * One checklist item: its label and current answer. The most common change
 * is one tap ("Đạt" on an item still open); tapping the label opens every
 * answer as a large button.
 */
export function ChecklistItem({
  label,
  options,
  value,
  quickValue,
  quickLabel,
  changed = false,
  changedLabel,
  detail,
  onChange,
}: {
  label: string;
  options: ChecklistValueOption[];
  value: string;
  /** The one-tap answer offered while the item is open (usually "done"). */
  quickValue?: string;
  quickLabel?: string;
  changed?: boolean;
  changedLabel?: string;
  detail?: string;
  onChange: (value: string) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const current = options.find((option) => option.id === value) ?? options[0]!;
  const quick = quickValue && quickValue !== value ? options.find((option) => option.id === quickValue) : undefined;
  return (
    <li className="checklist-item">
      <div className="checklist-head">
        <button type="button" className="checklist-label" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          <span>{label}</span>
          <span className="row">
            <span className={`badge badge-${current.kind}`}>{current.label}</span>
            {changed && <span className="checklist-changed">{changedLabel}</span>}
            {detail && <span className="muted">{detail}</span>}
          </span>
        </button>
        {quick && (
          <button
            type="button"
            className="button checklist-quick"
            aria-label={`${quickLabel ?? quick.label}: ${label}`}
            onClick={() => onChange(quick.id)}
          >
            ✓ {quickLabel ?? quick.label}
          </button>
        )}
      </div>
      {expanded && (
        <div className="checklist-values" role="radiogroup" aria-label={label}>
          {options.map((option) => (
            <button
              key={option.id}
              type="button"
              role="radio"
              aria-checked={option.id === value}
              className="choice"
              onClick={() => {
                onChange(option.id);
                setExpanded(false);
              }}
            >
              {option.label}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}
