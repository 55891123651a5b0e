import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityView } from '../../../shared/contract';
import type { AccessLevel, AccessPolicy, Category, EventInfo } from '../../../shared/event';
import { ACCESS_LEVELS } from '../../../shared/event';
import type { AppError } from '../../../shared/result';
import type { FieldProblem } from '../../../shared/text';
import { useApi } from '../../api/context';
import { Choices } from '../../components/Choices';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { eventDays, formatDay } from '../../format';
import { useBilingual, useLang } from '../../i18n';
import type { ActivityDraft, ActivityField, ActivityProblem } from './activityForm';
import { draftOf, fieldOfPath, readDraft } from './activityForm';

/** Minutes a door opens before the start: 0 to a day, full-width digits taken as typed by a Chinese input method. */
function readMinutes(raw: string): number | null {
  const text = raw.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return /^\d{1,4}$/.test(text) && Number(text) <= 24 * 60 ? Number(text) : null;
}

function fieldProblems(error: AppError): FieldProblem[] {
  if ((error.code !== 'invalid_input' && error.code !== 'invalid_event') || !Array.isArray(error.details)) return [];
  return error.details.filter((d): d is FieldProblem => typeof d === 'object' && d !== null && typeof (d as FieldProblem).path === 'string' && typeof (d as FieldProblem).message === 'string');
}

interface Props {
  activity: ActivityView;
  event: EventInfo;
  categories: readonly Category[];
  onClose: () => void;
  onSaved: (activity: ActivityView) => void;
}

const RE_ENTRY = ['allow', 'warn', 'refuse'] as const;
const CAPACITY_COUNTS = ['inside', 'admitted'] as const;

/**
 * The organiser fills in what the programme leaves open — room, day, time window and capacity — and the door's rules:
 * who may enter (each category allowed, registered only, or not), re-entry, exit scans, how early the door opens,
 * what the capacity counts, whether the desk must be passed first.
 */
export function ActivityEditor({ activity, event, categories, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const { main } = useBilingual();
  const api = useApi();
  const [draft, setDraft] = useState<ActivityDraft>(() => draftOf(activity));
  const [problems, setProblems] = useState<Partial<Record<ActivityField, ActivityProblem>>>({});
  const [serverProblems, setServerProblems] = useState<Partial<Record<ActivityField, string>>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [policy, setPolicy] = useState<AccessPolicy>(activity.policy);
  const [opensBefore, setOpensBefore] = useState(String(activity.policy.opensMinutesBefore));
  const [opensProblem, setOpensProblem] = useState(false);
  const accessBefore = Object.fromEntries(categories.map((c) => [c.id, c.access[activity.id] ?? 'denied'])) as Record<string, AccessLevel>;
  const [access, setAccess] = useState(accessBefore);

  const set = (field: ActivityField) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));
  const errorFor = (field: ActivityField) => {
    const problem = problems[field];
    return problem ? t(`activityProblem.${problem}`) : (serverProblems[field] ?? null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const read = readDraft(activity.id, draft);
    const opens = readMinutes(opensBefore);
    setServerProblems({});
    setOpensProblem(opens === null);
    if ('problems' in read || opens === null) {
      setProblems('problems' in read ? read.problems : {});
      return;
    }
    setProblems({});
    setBusy(true);
    // Only what was changed goes: the rules as a whole if any of them did, and the categories whose access did.
    const rules = { ...policy, opensMinutesBefore: opens };
    const changedRules = (Object.keys(rules) as Array<keyof AccessPolicy>).some((k) => rules[k] !== activity.policy[k]);
    const changedAccess = Object.fromEntries(Object.entries(access).filter(([id, level]) => level !== accessBefore[id]));
    const result = await api.call('event:updateActivity', {
      ...read.patch,
      ...(changedRules ? { policy: rules } : {}),
      ...(Object.keys(changedAccess).length > 0 ? { access: changedAccess } : {}),
    });
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
        <fieldset className="rules">
          <legend>{t('rules.title')}</legend>
          <table className="rules-access">
            <caption>{t('rules.access')}</caption>
            <tbody>
              {categories.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <span className="swatch" style={{ backgroundColor: c.colour }} aria-hidden="true" /> {main(c.name)}
                  </th>
                  <td>
                    <select aria-label={t('rules.accessOf', { category: main(c.name) })} value={access[c.id]} onChange={(e) => setAccess((a) => ({ ...a, [c.id]: e.target.value as AccessLevel }))}>
                      <Choices values={ACCESS_LEVELS} label={(level) => t(`rules.level.${level}`)} />
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="field-row">
            <Field label={t('rules.reEntry')}>
              {(control) => (
                <select {...control} value={policy.reEntry} onChange={(e) => setPolicy((p) => ({ ...p, reEntry: e.target.value as AccessPolicy['reEntry'] }))}>
                  <Choices values={RE_ENTRY} label={(v) => t(`rules.reEntryOption.${v}`)} />
                </select>
              )}
            </Field>
            <Field label={t('rules.opensBefore')} hint={t('rules.opensBeforeHint')} error={opensProblem ? t('rules.opensBeforeProblem') : null}>
              {(control) => <input {...control} value={opensBefore} onChange={(e) => setOpensBefore(e.target.value)} inputMode="numeric" maxLength={4} />}
            </Field>
          </div>
          <Field label={t('rules.capacityCounts')}>
            {(control) => (
              <select {...control} value={policy.capacityCounts} onChange={(e) => setPolicy((p) => ({ ...p, capacityCounts: e.target.value as AccessPolicy['capacityCounts'] }))}>
                <Choices values={CAPACITY_COUNTS} label={(v) => t(`rules.capacityCountsOption.${v}`)} />
              </select>
            )}
          </Field>
          <label className="check">
            <input type="checkbox" checked={policy.exitScans} onChange={(e) => setPolicy((p) => ({ ...p, exitScans: e.target.checked }))} /> {t('rules.exitScans')}
          </label>
          <label className="check">
            <input type="checkbox" checked={policy.deskArrivalRequired} onChange={(e) => setPolicy((p) => ({ ...p, deskArrivalRequired: e.target.checked }))} /> {t('rules.deskArrivalRequired')}
          </label>
          <label className="check">
            <input type="checkbox" checked={policy.admitNotYetReceived} onChange={(e) => setPolicy((p) => ({ ...p, admitNotYetReceived: e.target.checked }))} /> {t('rules.admitNotYetReceived')}
          </label>
        </fieldset>
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
