import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import { Modal } from '../../components/Modal';
import { formatCount } from '../../format';
import { useLang } from '../../i18n';
import type { EventFileOutcome } from './eventFile';

interface Props {
  /** How many demo attendees the station holds; the parent shows this action only when there are some. */
  demo: number;
  onOutcome: (outcome: EventFileOutcome | null) => void;
  onRemoved: () => void;
}

/** Clears the generated demo roster before the real one arrives, after saying how many go. */
export function DemoDataAction({ demo, onOutcome, onRemoved }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  const remove = async () => {
    onOutcome(null);
    setBusy(true);
    const result = await api.call('demo:remove', {});
    setBusy(false);
    setAsking(false);
    onOutcome(result.ok ? { kind: 'demoRemoved', removed: result.value.removed } : { kind: 'failed', error: result.error });
    if (result.ok) onRemoved();
  };

  return (
    <>
      <button type="button" className="button" onClick={() => setAsking(true)}>
        {t('demoData.remove')}
      </button>
      {asking && (
        <Modal title={t('demoData.confirmTitle', { n: formatCount(demo, lang) })} onClose={() => setAsking(false)}>
          <div className="form">
            <p className="modal-lead">{t('demoData.confirmLead')}</p>
            <div className="form-actions">
              <button type="button" className="button" onClick={() => setAsking(false)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="button button-danger" disabled={busy} onClick={() => void remove()}>
                {t('demoData.confirm')}
              </button>
            </div>
          </div>
        </Modal>
      )}
    </>
  );
}
