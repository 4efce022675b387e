import { useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/index.ts';
import { Link } from './router.tsx';

export interface Toast {
  id: number;
  title: string;
  body: string;
  href?: string;
}

const TOAST_MS = 8_000;
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const publish = (next: Toast[]) => {
  toasts = next;
  listeners.forEach((listener) => listener());
};

export function showToast(toast: Omit<Toast, 'id'>): void {
  const id = nextId++;
  publish([...toasts, { ...toast, id }].slice(-3));
  setTimeout(() => dismissToast(id), TOAST_MS);
}

export const dismissToast = (id: number) => publish(toasts.filter((toast) => toast.id !== id));

/** Short-lived messages (a notification arrived), read out politely by screen readers. */
export function Toasts() {
  const { t } = useI18n();
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => toasts,
  );
  return (
    <div className="toasts" role="status" aria-live="polite">
      {current.map((toast) => (
        <div className="toast" key={toast.id}>
          <div className="toast__text">
            <strong>{toast.title}</strong>
            <p>{toast.body}</p>
            {toast.href && (
              <Link to={toast.href} onClick={() => dismissToast(toast.id)}>
                {t('common.view')}
              </Link>
            )}
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label={t('common.dismiss')}
            onClick={() => dismissToast(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
