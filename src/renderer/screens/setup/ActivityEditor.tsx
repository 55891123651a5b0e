import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityView } from '../../../shared/contract';
import type { EventInfo } from '../../../shared/event';
import type { AppError } from '../../../shared/result';
import type { FieldProblem } from '../../../shared/text';
import { useApi } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { eventDays, formatDay } from '../../format';
import { useBilingual, useLang } from '../../i18n';
import type { ActivityDraft, ActivityField, ActivityProblem } from './activityForm';
import { draftOf, fieldOfPath, readDraft } from './activityForm';

function fieldProblems(error: AppError): FieldProblem[] {
  if ((error.code !== 'invalid_input' && error.code !== 'invalid_event') || !Array.isArray(error.details)) return [];
  return error.details.filter((d): d is FieldProblem => typeof d === 'object' && d !== null && typeof (d as FieldProblem).path === 'string' && typeof (d as FieldProblem).message === 'string');
}

interface Props {
  activity: ActivityView;
  event: EventInfo;
  onClose: () => void;
  onSaved: (activity: ActivityView) => void;
}

/** The organiser fills in what the programme leaves open: room, day, time window and capacity. */
export function ActivityEditor({ activity, event, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const { main } = useBilingual();
  const api = useApi();
  const [draft, setDraft] = useState<ActivityDraft>(() => draftOf(activity));
  const [problems, setProblems] = useState<Partial<Record<ActivityField, ActivityProblem>>>({});
  const [serverProblems, setServerProblems] = useState<Partial<Record<ActivityField, string>>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: ActivityField) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));
  const errorFor = (field: ActivityField) => {
    const problem = problems[field];
    return problem ? t(`activityProblem.${problem}`) : (serverProblems[field] ?? null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const read = readDraft(activity.id, draft);
    setServerProblems({});
    if ('problems' in read) {
      setProblems(read.problems);
      return;
    }
    setProblems({});
    setBusy(true);
    const result = await api.call('event:updateActivity', read.patch);
    setBusy(false);
    if (result.ok) {
      onSaved(result.value);
      return;
    }
    const byField: Partial<Record<ActivityField, string>> = {};
    for (const p of fieldProblems(result.error)) {
      const field = fieldOfPath(p.path);
      if (field) byField[field] = t('activityProblem.refused', { reason: p.message });
    }
    setServerProblems(byField);
    setError(result.error);
  };

  return (
    <Modal title={t('activity.editTitle', { title: main(activity.shortTitle) })} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <p className="modal-lead">{main(activity.title)}</p>
        <Field label={t('activity.room')} hint={t('activity.emptyMeansNotSet')} error={errorFor('room')}>
          {(control) => <input {...control} value={draft.room} onChange={set('room')} maxLength={100} />}
        </Field>
        <Field label={t('activity.day')} error={errorFor('day')}>
          {(control) => (
            <select {...control} value={draft.day} onChange={set('day')}>
              <option value="">{t('common.notSet')}</option>
              {eventDays(event.startDate, event.endDate).map((d) => (
                <option key={d} value={d}>
                  {formatDay(d, lang)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="field-row">
          <Field label={t('activity.startTime')} hint={t('activity.timeHint')} error={errorFor('startTime')}>
            {(control) => <input {...control} value={draft.startTime} onChange={set('startTime')} inputMode="numeric" placeholder="09:00" maxLength={5} />}
          </Field>
          <Field label={t('activity.endTime')} hint={t('activity.timeHint')} error={errorFor('endTime')}>
            {(control) => <input {...control} value={draft.endTime} onChange={set('endTime')} inputMode="numeric" placeholder="12:00" maxLength={5} />}
          </Field>
        </div>
        <Field label={t('activity.capacity')} hint={t('activity.emptyMeansNotSet')} error={errorFor('capacity')}>
          {(control) => <input {...control} value={draft.capacity} onChange={set('capacity')} inputMode="numeric" maxLength={7} />}
        </Field>
        <ErrorMessage error={error} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
