import { useTranslation } from 'react-i18next';
import type { ActivityStatus } from '../../shared/contract';

export function StatusBadge({ status }: { status: ActivityStatus }) {
  const { t } = useTranslation();
  return <span className={`status status-${status}`}>{t(`activityStatus.${status}`)}</span>;
}
