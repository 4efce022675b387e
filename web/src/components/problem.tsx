import type { ReactNode } from 'react';
import type { Problem } from '../graphql/errors.ts';
import { useI18n } from '../i18n/index.ts';

/** An error the person must see: announced at once by screen readers (role="alert"). */
export function ProblemBanner({
  problem,
  onDismiss,
  children,
}: {
  problem: Problem | null | undefined;
  onDismiss?: () => void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  if (!problem) return null;
  return (
    <div className="problem" role="alert" data-code={problem.code}>
      <svg className="problem__icon" viewBox="0 0 24 24" aria-hidden="true">
        <path
          d="M12 2 1 21h22L12 2Zm0 6 .01 0M12 9v5m0 3v.01"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <div className="problem__text">
        <strong className="problem__title">{problem.title}</strong>
        <p className="problem__detail">{problem.detail}</p>
        {children}
      </div>
      {onDismiss && (
        <button type="button" className="icon-button" onClick={onDismiss} aria-label={t('common.dismiss')}>
          ×
        </button>
      )}
    </div>
  );
}
