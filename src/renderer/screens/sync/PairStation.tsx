import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/contract';
import type { PairingView } from '../../../shared/sync';
import { useCommand } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { formatTimestamp } from '../../format';
import { useBilingual } from '../../i18n';
import type { Lang } from '../../../shared/text';
import { QrCode } from './QrCode';

/**
 * The hub makes a pairing code for one new station (issue #14, point 2): its role, a door's activity, a name; shown as
 * text to type or paste and as a QR for the new laptop's camera. Single use, ten minutes.
 */
export function PairStation({ event, onClose }: { event: EventView; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { main } = useBilingual();
  const lang = (i18n.language === 'en' ? 'en' : 'zh') as Lang;
  const [role, setRole] = useState<'desk' | 'door'>('door');
  const [activityId, setActivityId] = useState(event.activities[0]?.id ?? '');
  const [name, setName] = useState('');
  const [pairing, setPairing] = useState<PairingView | null>(null);
  const { run, busy, error } = useCommand('sync:pair');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPairing(await run({ role, ...(role === 'door' ? { activityId } : {}), ...(name.trim() ? { name: name.trim() } : {}) }));
  };

  return (
    <Modal title={t('pair.title')} onClose={onClose}>
      {pairing === null ? (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <fieldset className="choice-group">
            <legend>{t('pair.role')}</legend>
            <div className="choice-row">
              {(['desk', 'door'] as const).map((r) => (
                <label key={r} className={`choice${role === r ? ' choice-selected' : ''}`}>
                  <input type="radio" name="pair-role" value={r} checked={role === r} onChange={() => setRole(r)} />
                  <span className="choice-body">
                    <span className="choice-title">{t(`stationMode.${r}`)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          {role === 'door' && (
            <Field label={t('pair.activity')}>
              {(control) => (
                <select {...control} value={activityId} onChange={(e) => setActivityId(e.target.value)}>
                  {event.activities.map((a) => (
                    <option key={a.id} value={a.id}>
                      {main(a.title)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label={t('pair.name')} hint={t('pair.nameHint')}>
            {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />}
          </Field>
          <ErrorMessage error={error} />
          <div className="form-actions">
            <button type="button" className="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('pair.make')}
            </button>
          </div>
        </form>
      ) : (
        <div className="pairing">
          <QrCode size={pairing.qr.size} dark={pairing.qr.dark} label={t('pair.qr')} />
          <div className="pairing-text">
            <p>{t('pair.how')}</p>
            <label className="field-label" htmlFor="pairing-code">
              {t('pair.code')}
            </label>
            <textarea id="pairing-code" className="pairing-code" readOnly value={pairing.code} rows={5} onFocus={(e) => e.currentTarget.select()} />
            <p className="note">{t('pair.expires', { at: formatTimestamp(pairing.expiresAt, lang) })}</p>
            <div className="form-actions">
              <button type="button" className="button button-primary" onClick={onClose}>
                {t('pair.done')}
              </button>
            </div>
          </div>
        </div>
      )}
    </Modal>
  );
}
