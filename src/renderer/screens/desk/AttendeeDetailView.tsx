import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/contract';
import type { AppError } from '../../../shared/result';
import type { AttendeeDetail } from '../../../shared/roster';
import { useApi, useQuery } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { NotSet } from '../../components/NotSet';
import { formatTimestamp } from '../../format';
import { useBilingual, useLang } from '../../i18n';
import { AttendeeForm } from './AttendeeForm';
import { patchOf, valuesOf } from './attendeeForm';
import { CategoryChip } from './CategoryChip';
import { DeskActions } from './DeskActions';

interface Props {
  id: string;
  event: EventView;
  /** Supervisors may cancel, restore and reprint. */
  canCancel: boolean;
  onClose: () => void;
  /** Just registered at the desk: the print button takes the focus. */
  fresh?: boolean;
}

/** One attendee, personal numbers masked as main sends them; edit in place; Escape closes. */
export function AttendeeDetailDialog({ id, event, canCancel, onClose, fresh = false }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const attendee = useQuery('roster:get', { id });
  const [editing, setEditing] = useState(false);
  const loaded = attendee.result?.ok ? attendee.result.value : null;

  const save = async (before: AttendeeDetail, values: ReturnType<typeof valuesOf>): Promise<AppError | null> => {
    const result = await api.call('roster:update', { id, patch: patchOf(valuesOf(before), values) });
    if (!result.ok) return result.error;
    setEditing(false);
    attendee.reload();
    return null;
  };

  return (
    <Modal title={editing ? t('attendee.editTitle') : t('attendee.title')} onClose={onClose} wide>
      {attendee.result === null && <p className="loading">{t('app.loading')}</p>}
      {attendee.result && !attendee.result.ok && <ErrorMessage error={attendee.result.error} />}
      {loaded && editing && <AttendeeForm kind="edit" initial={valuesOf(loaded)} event={event} onSubmit={(v) => save(loaded, v)} onCancel={() => setEditing(false)} />}
      {loaded && !editing && (
        <>
          <AttendeeFacts attendee={loaded} event={event} />
          <DeskActions key={loaded.id} attendee={loaded} canReprint={canCancel} onChanged={attendee.reload} focusPrint={fresh} />
          {canCancel && <StatusChange attendee={loaded} onChanged={attendee.reload} />}
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={() => setEditing(true)}>
              {t('attendee.edit')}
            </button>
            <button type="button" className="button" onClick={onClose}>
              {t('attendee.close')}
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}

/** Cancel or restore, always with the reason the audit log keeps. */
function StatusChange({ attendee, onChanged }: { attendee: AttendeeDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const cancelling = attendee.status === 'active';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMissing(reason.trim() === '');
    if (reason.trim() === '') return;
    const result = await api.call(cancelling ? 'roster:cancel' : 'roster:restore', { id: attendee.id, reason: reason.trim() });
    setError(result.ok ? null : result.error);
    if (result.ok) {
      setReason('');
      onChanged();
    }
  };

  return (
    <form className="status-change" onSubmit={(e) => void submit(e)}>
      <Field label={cancelling ? t('attendee.cancelReason') : t('attendee.restoreReason')} error={missing ? t('common.required') : null}>
        {(control) => <input {...control} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="submit" className={`button ${cancelling ? 'button-danger' : ''}`}>
        {cancelling ? t('attendee.cancel') : t('attendee.restore')}
      </button>
      <ErrorMessage error={error} />
    </form>
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
        <dd className="hit-phone">{orNotSet(a.phone)}</dd>
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
        <dd className="hit-phone">{a.ticketCodes.length > 0 ? a.ticketCodes.join(', ') : <NotSet />}</dd>
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
