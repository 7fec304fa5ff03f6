/**
 * Short confirmations ("Đã lưu") and errors, announced to screen readers.
 * A toast outlives the screen that raised it, so it lives in a small store.
 */
import { create } from 'zustand';

interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
}

interface ToastState {
  toast: Toast | null;
}

const useToastState = create<ToastState>(() => ({ toast: null }));
let nextId = 1;

export function showToast(message: string, tone: Toast['tone'] = 'info', durationMs = 3500): void {
  const id = nextId++;
  useToastState.setState({ toast: { id, message, tone } });
  setTimeout(() => {
    if (useToastState.getState().toast?.id === id) useToastState.setState({ toast: null });
  }, durationMs);
}

export function ToastHost() {
  const toast = useToastState((state) => state.toast);
  return (
    <div className="toast-host" role="status" aria-live="polite">
      {toast && <div className={toast.tone === 'error' ? 'toast toast-error' : 'toast'}>{toast.message}</div>}
    </div>
  );
}
