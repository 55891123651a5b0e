import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AppError, ErrorCode } from '../../shared/result';
import { ROLES } from '../../shared/roles';
import { isUnreachable } from '../api/client';

/** Codes whose catalog message says everything; for the others the station's own words are shown underneath. */
const SELF_EXPLAINING: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['bad_credentials', 'locked_out', 'unauthenticated', 'forbidden']);

function detail(error: AppError, key: string): unknown {
  return typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>)[key] : undefined;
}

export function errorText(t: TFunction, error: AppError): string {
  if (isUnreachable(error)) return t('errors.unreachable');
  switch (error.code) {
    case 'locked_out': {
      const seconds = detail(error, 'seconds');
      return t('errors.locked_out', { seconds: typeof seconds === 'number' ? seconds : 60 });
    }
    case 'forbidden': {
      const needs = ROLES.find((r) => r === detail(error, 'needs'));
      return needs ? t('errors.forbiddenRole', { role: t(`roles.${needs}`) }) : t('errors.forbidden');
    }
    default:
      return t(`errors.${error.code}`);
  }
}

export function ErrorMessage({ error }: { error: AppError | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  const showDetail = !SELF_EXPLAINING.has(error.code) && !isUnreachable(error);
  return (
    <div className="message message-error" role="alert">
      <p className="message-text">{errorText(t, error)}</p>
      {showDetail && (
        <p className="message-detail" lang="en">
          {error.message}
        </p>
      )}
    </div>
  );
}
