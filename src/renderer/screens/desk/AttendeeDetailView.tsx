import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/contract';
import type { AttendeeDetail } from '../../../shared/roster';
import { useQuery } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Modal } from '../../components/Modal';
import { NotSet } from '../../components/NotSet';
import { formatTimestamp } from '../../format';
import { useBilingual, useLang } from '../../i18n';
import { CategoryChip } from './CategoryChip';

/** One attendee, personal numbers masked as main sends them; Escape closes. */
export function AttendeeDetailDialog({ id, event, onClose }: { id: string; event: EventView; onClose: () => void }) {
  const { t } = useTranslation();
  const attendee = useQuery('roster:get', { id });
  return (
    <Modal title={t('attendee.title')} onClose={onClose}>
      {attendee.result === null ? (
        <p className="loading">{t('app.loading')}</p>
      ) : attendee.result.ok ? (
        <AttendeeFacts attendee={attendee.result.value} event={event} />
      ) : (
        <ErrorMessage error={attendee.result.error} />
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('attendee.close')}
        </button>
      </div>
    </Modal>
  );
}

const orNotSet = (value: string | null) => value ?? <NotSet />;

function AttendeeFacts({ attendee: a, event }: { attendee: AttendeeDetail; event: EventView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { main } = useBilingual();
  const activityTitle = (activityId: string) => {
    const activity = event.activities.find((x) => x.id === activityId);
    return activity ? main(activity.shortTitle) : activityId;
  };
  return (
    <div className="attendee">
      <div className="attendee-head">
        <p className="attendee-name">{a.nameZh ?? a.nameEn}</p>
        {a.nameZh && a.nameEn && <p className="attendee-name-other">{a.nameEn}</p>}
        <CategoryChip categoryId={a.categoryId} event={event} />
        {a.status === 'cancelled' && <span className="tag tag-cancelled">{t('attendeeStatus.cancelled')}</span>}
      </div>
      {a.attention && (
        <div className="message message-info attention" role="alert">
          <p className="message-text">
            <strong>{t('attendee.attention')}</strong> {a.attention}
          </p>
        </div>
      )}
      <dl className="facts attendee-facts">
        <dt>{t('attendee.organisation')}</dt>
        <dd>{orNotSet(a.orgZh ?? a.orgEn)}</dd>
        <dt>{t('attendee.jobTitle')}</dt>
        <dd>{orNotSet(a.title)}</dd>
        <dt>{t('attendee.region')}</dt>
        <dd>{t(`region.${a.region}`)}</dd>
        <dt>{t('attendee.phone')}</dt>
        <dd className="code">{orNotSet(a.phone)}</dd>
        <dt>{t('attendee.email')}</dt>
        <dd>{orNotSet(a.email)}</dd>
        <dt>{t('attendee.document')}</dt>
        <dd>{a.documentType ? `${t(`documentType.${a.documentType}`)} ${a.documentNumber ?? ''}` : <NotSet />}</dd>
        <dt>{t('attendee.registrations')}</dt>
        <dd>
          {a.registrations.length > 0 ? (
            <ul className="tag-list">
              {a.registrations.map((r) => (
                <li key={r} className="tag">
                  {activityTitle(r)}
                </li>
              ))}
            </ul>
          ) : (
            <NotSet />
          )}
        </dd>
        <dt>{t('attendee.tickets')}</dt>
        <dd className="code">{a.ticketCodes.length > 0 ? a.ticketCodes.join(', ') : <NotSet />}</dd>
        <dt>{t('attendee.badge')}</dt>
        <dd>
          {a.badge.collectedAt
            ? t('attendee.badgeCollected', { at: formatTimestamp(a.badge.collectedAt, lang) })
            : a.badge.printedCount > 0
              ? t('attendee.badgePrinted', { count: a.badge.printedCount })
              : t('attendee.badgeNever')}
        </dd>
        <dt>{t('attendee.source')}</dt>
        <dd>{t(`attendeeSource.${a.source}`)}</dd>
      </dl>
    </div>
  );
}
