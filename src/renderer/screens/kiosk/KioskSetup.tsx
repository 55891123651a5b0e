import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrinterSide } from '../../../shared/kiosk';
import { PRINTER_SIDES } from '../../../shared/kiosk';
import type { StationConfig } from '../../../shared/station';
import { useCommand } from '../../api/context';
import { Choices } from '../../components/Choices';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { PrinterField, usePrinterChoice } from '../badges/PrinterChoice';
import { PrintQueue } from '../badges/PrintQueue';

/**
 * A supervisor starts the kiosk: its badge printer and where it stands, then the screen is the kiosk's (main turns
 * the supervisor's session into the kiosk's) until a supervisor takes it over again. Below, the kiosk's print queue:
 * a badge of its own that failed or stuck keeps it out of service until it is retried, moved or cancelled here.
 */
export function KioskSetup({ station, onStarted }: { station: StationConfig; onStarted: () => void }) {
  const { t } = useTranslation();
  const starting = useCommand('kiosk:start');
  const printers = usePrinterChoice();
  const [side, setSide] = useState<PrinterSide>('left');

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if ((await starting.run({ printer: printers.chosen, printerSide: side })) !== null) onStarted();
  };

  return (
    <div className="page">
      <section className="card kiosk-setup" aria-labelledby="kiosk-setup-title">
        <h2 className="section-title" id="kiosk-setup-title">
          {t('kiosk.setupTitle')}
        </h2>
        {station.mode !== 'kiosk' ? (
          <p className="message message-info">{t('kiosk.notKioskMode')}</p>
        ) : (
          <form className="form" onSubmit={(e) => void start(e)} noValidate>
            <p className="modal-lead">{t('kiosk.setupLead')}</p>
            {printers.names.length === 0 ? <p className="message message-info">{t('kiosk.noPrinters')}</p> : <PrinterField label={t('kiosk.printer')} choice={printers} />}
            <Field label={t('kiosk.printerSide')}>
              {(control) => (
                <select {...control} value={side} onChange={(e) => setSide(PRINTER_SIDES.find((s) => s === e.target.value) ?? 'left')}>
                  <Choices values={PRINTER_SIDES} label={(s) => t(`kiosk.side.${s}`)} />
                </select>
              )}
            </Field>
            <ErrorMessage error={starting.error} />
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={starting.busy || printers.chosen === ''}>
                {t('kiosk.start')}
              </button>
            </div>
          </form>
        )}
      </section>
      {station.mode === 'kiosk' && <PrintQueue />}
    </div>
  );
}
