import type { ReactNode } from 'react';

/** A full screen: header with an optional back button, scrolling body, sticky footer for the main action. */
export function Screen({
  title,
  backLabel,
  onBack,
  actions,
  footer,
  children,
}: {
  title: string;
  backLabel?: string;
  onBack?: () => void;
  actions?: ReactNode;
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="screen">
      <header className="screen-header">
        {onBack && (
          <button type="button" className="icon-button" onClick={onBack} aria-label={backLabel}>
            ←
          </button>
        )}
        <h1>{title}</h1>
        {actions}
      </header>
      <main className="screen-body">{children}</main>
      {footer && <footer className="screen-footer">{footer}</footer>}
    </div>
  );
}
