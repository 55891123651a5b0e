import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/contract';
import type { StationConfig } from '../../../shared/station';
import { NotSet } from '../../components/NotSet';
import { StatusBadge } from '../../components/StatusBadge';
import { formatCount } from '../../format';
import { useBilingual, useLang } from '../../i18n';
import { ActivityWhen } from '../setup/ActivityWhen';
import { DoorScan } from './DoorScan';

/** The home of a door station: which room this laptop guards, and the scanning of badges at its door. */
export function DoorHome({ station, event, supervisor }: { station: StationConfig; event: EventView; supervisor: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { main, other } = useBilingual();
  const activity = event.activities.find((a) => a.id === station.activityId);

  if (!activity) {
    return (
      <div className="page page-narrow">
        <div className="message message-error" role="alert">
          <p className="message-text">{t('door.noActivity')}</p>
        </div>
      </div>
    );
  }

  return (
    <div className="page door">
      {/* The scan box first: at 1366×768 it must be on screen without scrolling; the activity's facts follow. */}
      <DoorScan activity={activity} event={event} station={station.name} supervisor={supervisor} />
      <section className="door-hero card">
        <p className="eyebrow">
          {t('door.eyebrow', { station: station.name })} · {main(activity.shortTitle)}
        </p>
        <h1 className="door-title">{main(activity.title)}</h1>
        <p className="door-title-other">{other(activity.title)}</p>
        <dl className="door-facts">
          <div>
            <dt>{t('activity.room')}</dt>
            <dd>{activity.room ?? <NotSet />}</dd>
          </div>
          <div>
            <dt>{t('activity.when')}</dt>
            <dd>
              <ActivityWhen activity={activity} />
            </dd>
          </div>
          <div>
            <dt>{t('activity.capacity')}</dt>
            <dd className="door-number">{activity.capacity === null ? <NotSet /> : formatCount(activity.capacity, lang)}</dd>
          </div>
          <div>
            <dt>{t('activity.registered')}</dt>
            <dd className="door-number">{formatCount(activity.registered, lang)}</dd>
          </div>
          <div>
            <dt>{t('activity.status')}</dt>
            <dd>
              <StatusBadge status={activity.status} />
            </dd>
          </div>
        </dl>
      </section>
    </div>
  );
}
