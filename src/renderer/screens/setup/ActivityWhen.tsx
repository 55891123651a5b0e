import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../shared/event';
import { NotSet } from '../../components/NotSet';
import { formatDay } from '../../format';
import { useLang } from '../../i18n';

/** Day and time window of an activity, each part shown as "not set" until the organiser fills it in. */
export function ActivityWhen({ activity }: { activity: Pick<Activity, 'day' | 'startTime' | 'endTime'> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { day, startTime, endTime } = activity;
  if (day === null && startTime === null && endTime === null) return <NotSet />;
  return (
    <span className="when">
      <span>{day === null ? t('activity.dayNotSet') : formatDay(day, lang)}</span>
      <span className="when-time">{startTime === null && endTime === null ? t('activity.timeNotSet') : `${startTime ?? '…'}–${endTime ?? '…'}`}</span>
    </span>
  );
}
