import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OperatorView } from '../../../shared/contract';
import type { AppError } from '../../../shared/result';
import type { OperatorRole } from '../../../shared/roles';
import { OPERATOR_ROLES } from '../../../shared/roles';
import { useApi, useQuery } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { formatTimestamp } from '../../format';
import { useLang } from '../../i18n';
import type { PinProblem } from '../setup/pin';
import { checkNewPin } from '../setup/pin';

/** Who may sign in at the stations, and with which role. */
export function Operators({ currentOperatorId }: { currentOperatorId: string }) {
  const { t } = useTranslation();
  const operators = useQuery('operator:list', {});
  const [actionError, setActionError] = useState<AppError | null>(null);

  return (
    <div className="page">
      <header className="page-header">
        <h1 className="page-title">{t('operators.title')}</h1>
        <p className="page-lead">{t('operators.lead')}</p>
      </header>
      <div className="split">
        <section className="card" aria-labelledby="operators-list">
          <h2 className="section-title" id="operators-list">
            {t('operators.list')}
          </h2>
          <ErrorMessage error={actionError} />
          {operators.result === null ? (
            <p className="loading">{t('app.loading')}</p>
          ) : operators.result.ok ? (
            <OperatorTable operators={operators.result.value} currentOperatorId={currentOperatorId} onChanged={operators.reload} onError={setActionError} />
          ) : (
            <ErrorMessage error={operators.result.error} />
          )}
        </section>
        <section className="card" aria-labelledby="operators-create">
          <h2 className="section-title" id="operators-create">
            {t('operators.create')}
          </h2>
          <CreateOperator onCreated={operators.reload} />
        </section>
      </div>
    </div>
  );
}

function OperatorTable({ operators, currentOperatorId, onChanged, onError }: { operators: OperatorView[]; currentOperatorId: string; onChanged: () => void; onError: (e: AppError | null) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();

  const setActive = async (o: OperatorView, active: boolean) => {
    const result = await api.call('operator:setActive', { id: o.id, active });
    onError(result.ok ? null : result.error);
    if (result.ok) onChanged();
  };

  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t('operators.name')}</th>
          <th scope="col">{t('operators.role')}</th>
          <th scope="col">{t('operators.state')}</th>
          <th scope="col">{t('operators.createdAt')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('operators.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {operators.map((o) => (
          <tr key={o.id} className={o.active ? undefined : 'row-inactive'}>
            <th scope="row">
              {o.name}
              {o.id === currentOperatorId && <span className="tag">{t('operators.you')}</span>}
            </th>
            <td>{t(`roles.${o.role}`)}</td>
            <td>{o.active ? t('operators.active') : t('operators.inactive')}</td>
            <td>{formatTimestamp(o.createdAt, lang)}</td>
            <td className="actions">
              {o.id !== currentOperatorId && (
                <button type="button" className="button button-small" onClick={() => void setActive(o, !o.active)}>
                  {o.active ? t('operators.deactivate') : t('operators.reactivate')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CreateOperator({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState('');
  const [role, setRole] = useState<OperatorRole>('desk');
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<{ name: boolean; pin: PinProblem; repeat: PinProblem }>({ name: false, pin: null, repeat: null });
  const [error, setError] = useState<AppError | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next = { name: name.trim() === '', ...checkNewPin(pin, repeat) };
    setProblems(next);
    setCreated(null);
    if (next.name || next.pin || next.repeat) return;
    setBusy(true);
    const result = await api.call('operator:create', { name: name.trim(), role, pin });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setCreated(result.value.name);
    setName('');
    setPin('');
    setRepeat('');
    onCreated();
  };

  const pinText = (p: PinProblem) => (p === 'format' ? t('pin.format') : p === 'mismatch' ? t('pin.mismatch') : null);

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <Field label={t('operators.name')} error={problems.name ? t('common.required') : null}>
        {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} maxLength={40} autoComplete="off" />}
      </Field>
      <Field label={t('operators.role')} hint={t(`roleHint.${role}`)}>
        {(control) => (
          <select {...control} value={role} onChange={(e) => setRole(OPERATOR_ROLES.find((r) => r === e.target.value) ?? 'desk')}>
            {OPERATOR_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('operators.pin')} hint={t('pin.hint')} error={pinText(problems.pin)}>
        {(control) => <input {...control} type="password" inputMode="numeric" autoComplete="new-password" maxLength={12} value={pin} onChange={(e) => setPin(e.target.value)} />}
      </Field>
      <Field label={t('operators.repeatPin')} error={pinText(problems.repeat)}>
        {(control) => <input {...control} type="password" inputMode="numeric" autoComplete="new-password" maxLength={12} value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
      </Field>
      <ErrorMessage error={error} />
      {created && (
        <div className="message message-ok" role="status">
          <p className="message-text">{t('operators.created', { name: created })}</p>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('operators.createSubmit')}
        </button>
      </div>
    </form>
  );
}
