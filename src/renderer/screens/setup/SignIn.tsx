import { useTranslation } from 'react-i18next';
import { useSignIn } from '../../api/useSignIn';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';

export function SignIn({ onSignedIn, sessionLost }: { onSignedIn: () => void; sessionLost: boolean }) {
  const { t } = useTranslation();
  const { name, setName, pin, setPin, error, busy, ready, submit } = useSignIn(onSignedIn);

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <h2 className="card-title">{t('signIn.title')}</h2>
      {sessionLost && (
        <div className="message message-info" role="status">
          <p className="message-text">{t('signIn.sessionLost')}</p>
        </div>
      )}
      <Field label={t('signIn.name')}>
        {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" maxLength={40} autoFocus />}
      </Field>
      <Field label={t('signIn.pin')}>
        {(control) => <input {...control} type="password" inputMode="numeric" autoComplete="current-password" maxLength={12} value={pin} onChange={(e) => setPin(e.target.value)} />}
      </Field>
      <ErrorMessage error={error} />
      <button type="submit" className="button button-primary button-wide" disabled={busy || !ready}>
        {t('signIn.submit')}
      </button>
    </form>
  );
}
