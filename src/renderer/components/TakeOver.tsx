import { useTranslation } from 'react-i18next';
import { useSignIn } from '../api/useSignIn';
import { ErrorMessage } from './ErrorMessage';
import { Field } from './Field';
import { Modal } from './Modal';

/**
 * A door station stays at its door: the door operator cannot sign out. A supervisor takes over with their name and PIN
 * (someone with less is refused and the door stays as it was); signed in, they may override, undo or leave. A kiosk
 * is left the same way.
 */
export function TakeOver({ onClose, onTakenOver, lead }: { onClose: () => void; onTakenOver: () => void; lead?: string }) {
  const { t } = useTranslation();
  const { name, setName, pin, setPin, error, busy, ready, submit } = useSignIn(onTakenOver, 'supervisor');

  return (
    <Modal title={t('takeOver.title')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <p className="modal-lead">{lead ?? t('takeOver.lead')}</p>
        <Field label={t('takeOver.name')}>{(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" maxLength={40} />}</Field>
        <Field label={t('takeOver.pin')}>
          {(control) => <input {...control} type="password" inputMode="numeric" autoComplete="off" maxLength={12} value={pin} onChange={(e) => setPin(e.target.value)} />}
        </Field>
        <ErrorMessage error={error} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={busy || !ready}>
            {t('takeOver.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
