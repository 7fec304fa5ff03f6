import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from './button';

/** A bottom-sheet confirmation, reachable with one thumb. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel,
  danger = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div className="dialog-backdrop" onClick={onCancel}>
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.key === 'Escape' && onCancel()}
      >
        <h2 id="confirm-title">{title}</h2>
        <div>{children}</div>
        <Button variant={danger ? 'danger-primary' : 'primary'} block onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button ref={cancelRef} block onClick={onCancel}>
          {cancelLabel}
        </Button>
      </div>
    </div>
  );
}
