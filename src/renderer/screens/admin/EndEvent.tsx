import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/contract';
import type { ForgetView } from '../../../shared/roster';
import { useCommand } from '../../api/context';
import { ActionCard } from '../../components/ActionCard';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Modal } from '../../components/Modal';
import { formatCount } from '../../format';
import { useLang } from '../../i18n';

/**
 * "End the event" (issue #15, PIPL): after the event the office removes every phone number, e-mail address and
 * identity document (and, when asked, names) from the hub, which tells every paired station to delete its copy of
 * the roster. Asked twice: what goes, then the event's short name typed back. Cannot be undone; main audits it.
 */
export function EndEvent({ event }: { event: EventView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const forget = useCommand('roster:forget');
  const [step, setStep] = useState<'closed' | 'what' | 'sure'>('closed');
  const [names, setNames] = useState(false);
  const [typed, setTyped] = useState('');
  const [done, setDone] = useState<ForgetView | null>(null);
  const shortName = event.event.shortName;
  const close = () => {
    setStep('closed');
    setTyped('');
  };
  const run = async () => {
    const result = await forget.run({ confirm: true, names });
    if (result !== null) {
      setDone(result);
      close();
    }
  };

  return (
    <ActionCard
      id="end-event-title"
      className="end-event"
      title={t('endEvent.title')}
      lead={t('endEvent.lead')}
      actions={
        <button type="button" className="button button-danger" onClick={() => setStep('what')}>
          {t('endEvent.open')}
        </button>
      }
    >
      {done && (
        <div className="message message-ok" role="status">
          <p className="message-text">
            {t('endEvent.done', { phones: formatCount(done.phones, lang), emails: formatCount(done.emails, lang), documents: formatCount(done.documents, lang), backups: formatCount(done.backupsRemoved.length, lang) })}
            {done.names ? ` ${t('endEvent.doneNames')}` : ''}
          </p>
        </div>
      )}
      {step === 'what' && (
        <Modal title={t('endEvent.title')} onClose={close}>
          <div className="form">
            <p className="modal-lead">{t('endEvent.what')}</p>
            <ul className="end-event-list">
              <li>{t('endEvent.goes')}</li>
              <li>{t('endEvent.stays')}</li>
              <li>{t('endEvent.stations')}</li>
            </ul>
            <label className="choice">
              <input type="checkbox" checked={names} onChange={(e) => setNames(e.target.checked)} />
              <span>{t('endEvent.names')}</span>
            </label>
            <div className="form-actions">
              <button type="button" className="button" onClick={close}>
                {t('common.cancel')}
              </button>
              <button type="button" className="button button-danger" onClick={() => setStep('sure')}>
                {t('endEvent.next')}
              </button>
            </div>
          </div>
        </Modal>
      )}
      {step === 'sure' && (
        <Modal title={t('endEvent.sureTitle')} onClose={close}>
          <div className="form">
            <p className="modal-lead">{t(names ? 'endEvent.sureNames' : 'endEvent.sure')}</p>
            <div className="field">
              <label htmlFor="end-event-name">{t('endEvent.typeName', { name: shortName })}</label>
              <input id="end-event-name" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
            </div>
            {forget.error && <ErrorMessage error={forget.error} />}
            <div className="form-actions">
              <button type="button" className="button" onClick={close}>
                {t('common.cancel')}
              </button>
              <button type="button" className="button button-danger" disabled={typed.trim() !== shortName || forget.busy} onClick={() => void run()}>
                {t('endEvent.confirm')}
              </button>
            </div>
          </div>
        </Modal>
      )}
    </ActionCard>
  );
}
