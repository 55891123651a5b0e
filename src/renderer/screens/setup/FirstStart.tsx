import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../shared/result';
import { useApi } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import type { PinProblem } from './pin';
import { checkNewPin } from './pin';

/** First start: nobody can sign in until the administrator exists. */
export function FirstStart({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState('admin');
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<{ name: boolean; pin: PinProblem; repeat: PinProblem }>({ name: false, pin: null, repeat: null });
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next = { name: name.trim() === '', ...checkNewPin(pin, repeat) };
    setProblems(next);
    if (next.name || next.pin || next.repeat) return;
    setBusy(true);
    const result = await api.call('operator:createFirstAdmin', { name: name.trim(), pin });
    setBusy(false);
    if (result.ok) onCreated();
    else setError(result.error);
  };

  const pinText = (p: PinProblem) => (p === 'format' ? t('pin.format') : p === 'mismatch' ? t('pin.mismatch') : null);

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <h2 className="card-title">{t('firstStart.title')}</h2>
      <p className="card-lead">{t('firstStart.lead')}</p>
      <Field label={t('firstStart.name')} error={problems.name ? t('common.required') : null}>
        {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" maxLength={40} />}
      </Field>
      <Field label={t('firstStart.pin')} hint={t('pin.hint')} error={pinText(problems.pin)}>
        {(control) => (
          <input {...control} type="password" inputMode="numeric" autoComplete="new-password" maxLength={12} value={pin} onChange={(e) => setPin(e.target.value)} autoFocus />
        )}
      </Field>
      <Field label={t('firstStart.repeat')} error={pinText(problems.repeat)}>
        {(control) => (
          <input {...control} type="password" inputMode="numeric" autoComplete="new-password" maxLength={12} value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        )}
      </Field>
      <ErrorMessage error={error} />
      <button type="submit" className="button button-primary button-wide" disabled={busy}>
        {t('firstStart.submit')}
      </button>
    </form>
  );
}
