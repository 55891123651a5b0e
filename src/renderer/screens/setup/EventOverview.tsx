import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityView, AppStatus, EventView } from '../../../shared/contract';
import type { Category } from '../../../shared/event';
import { Bilingual } from '../../components/Bilingual';
import { NotSet } from '../../components/NotSet';
import { StatusBadge } from '../../components/StatusBadge';
import { formatCount, formatDateRange } from '../../format';
import { useBilingual, useLang } from '../../i18n';
import { ActivityEditor } from './ActivityEditor';
import { ActivityWhen } from './ActivityWhen';
import { EndEvent } from '../admin/EndEvent';
import { KioskRules } from '../kiosk/KioskRules';
import { EventFileActions } from './EventFileActions';

interface Props {
  event: EventView;
  attendees: AppStatus['attendees'];
  /** Admins fill in rooms, times and capacities and handle the event file; everyone else reads them. */
  canEdit: boolean;
  onActivityChanged: (activity: ActivityView) => void;
  onEventImported: () => void;
  onAttendeesChanged: () => void;
}

export function EventOverview({ event, attendees, canEdit, onActivityChanged, onEventImported, onAttendeesChanged }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const { main, other } = useBilingual();
  const [editing, setEditing] = useState<ActivityView | null>(null);
  const info = event.event;

  return (
    <div className="page">
      <header className="event-header card">
        <div>
          <h1 className="page-title">{main(info.name)}</h1>
          <p className="event-other-name">{other(info.name)}</p>
        </div>
        <dl className="facts facts-inline">
          <div>
            <dt>{t('event.dates')}</dt>
            <dd>{formatDateRange(info.startDate, info.endDate, lang, (start, end) => t('common.dateRange', { start, end }))}</dd>
          </div>
          <div>
            <dt>{t('event.city')}</dt>
            <dd>{main(info.city)}</dd>
          </div>
          <div>
            <dt>{t('event.theme')}</dt>
            <dd>
              <Bilingual text={info.theme} />
            </dd>
          </div>
          <div>
            <dt>{t('event.attendees')}</dt>
            <dd>
              {formatCount(attendees.total, lang)}
              {attendees.demo > 0 && <span className="tag tag-demo">{t('event.demoAttendees', { n: formatCount(attendees.demo, lang) })}</span>}
            </dd>
          </div>
        </dl>
      </header>

      {canEdit && <EventFileActions event={event} attendees={attendees} onEventChanged={onEventImported} onAttendeesChanged={onAttendeesChanged} />}
      {canEdit && <KioskRules event={event} onSaved={onEventImported} />}
      {canEdit && <EndEvent event={event} />}

      <section className="section" aria-labelledby="activities-title">
        <h2 className="section-title" id="activities-title">
          {t('event.activities', { n: event.activities.length })}
        </h2>
        <div className="table-wrap card">
          <table className="table activities">
            <thead>
              <tr>
                <th scope="col">{t('activity.title')}</th>
                <th scope="col">{t('activity.kind')}</th>
                <th scope="col">{t('activity.room')}</th>
                <th scope="col">{t('activity.when')}</th>
                <th scope="col" className="numeric">
                  {t('activity.capacity')}
                </th>
                <th scope="col" className="numeric">
                  {t('activity.registered')}
                </th>
                <th scope="col">{t('activity.status')}</th>
                {canEdit && (
                  <th scope="col">
                    <span className="visually-hidden">{t('activity.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {event.activities.map((a) => (
                <tr key={a.id}>
                  <th scope="row" className="activity-cell">
                    <span className="activity-short">{main(a.shortTitle)}</span>
                    <span className="activity-title" data-activity-title={a.id}>
                      {main(a.title)}
                    </span>
                    <span className="activity-other">{other(a.title)}</span>
                  </th>
                  <td className="kind">{t(`activityKind.${a.kind}`)}</td>
                  <td className="room">{a.room ?? <NotSet />}</td>
                  <td>
                    <ActivityWhen activity={a} />
                  </td>
                  <td className="numeric">{a.capacity === null ? <NotSet /> : formatCount(a.capacity, lang)}</td>
                  <td className="numeric">{formatCount(a.registered, lang)}</td>
                  <td>
                    <StatusBadge status={a.status} />
                  </td>
                  {canEdit && (
                    <td>
                      <button type="button" className="button button-small" onClick={() => setEditing(a)} aria-label={t('activity.editNamed', { title: main(a.shortTitle) })}>
                        {t('activity.edit')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="section" aria-labelledby="categories-title">
        <h2 className="section-title" id="categories-title">
          {t('event.categories', { n: event.categories.length })}
        </h2>
        <ul className="categories">
          {event.categories.map((c) => (
            <CategoryChip key={c.id} category={c} />
          ))}
        </ul>
      </section>

      {editing && (
        <ActivityEditor
          activity={editing}
          event={info}
          categories={event.categories}
          onClose={() => setEditing(null)}
          onSaved={(updated) => {
            setEditing(null);
            onActivityChanged(updated);
          }}
        />
      )}
    </div>
  );
}

function CategoryChip({ category }: { category: Category }) {
  return (
    <li className="category card">
      <span className="swatch" style={{ backgroundColor: category.colour }} aria-hidden="true" />
      <Bilingual text={category.name} />
    </li>
  );
}
