import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintJobView } from '../../../shared/printing';
import type { AppError } from '../../../shared/result';
import type { AttendeeDetail } from '../../../shared/roster';
import { useApi } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { formatTimestamp } from '../../format';
import { useLang } from '../../i18n';
import { AttendeeBadge } from '../badges/BadgeFace';
import { PrinterField, usePrinterChoice } from '../badges/PrinterChoice';

/**
 * What the desk does for the person in front of it, each its own action: check in (arrival), print the badge, hand out
 * a pre-printed one (pickup), and — a supervisor, with a reason — reprint, which revokes the old badge. An attention
 * note must be acknowledged first.
 */
export function DeskActions({ attendee, canReprint, onChanged, focusPrint = false }: { attendee: AttendeeDetail; canReprint: boolean; onChanged: () => void; focusPrint?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const printer = usePrinterChoice();
  const [acknowledged, setAcknowledged] = useState(attendee.attention === null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosen = printer.chosen;
  const active = attendee.status === 'active';
  const printButton = useRef<HTMLButtonElement>(null);
  const focused = useRef(false);
  // A walk-in just registered: printing is next, so Enter prints as soon as a printer is known (keyboard first).
  useEffect(() => {
    if (!focusPrint || focused.current || !active || !chosen || !acknowledged) return;
    focused.current = true;
    printButton.current?.focus();
  }, [focusPrint, active, chosen, acknowledged]);

  const act = async (run: () => Promise<{ ok: true } | { ok: false; error: AppError }>, note: string) => {
    const r = await run();
    setError(r.ok ? null : r.error);
    setDone(r.ok ? note : null);
    onChanged();
  };

  const print = async (run: () => Promise<{ ok: true; value: PrintJobView } | { ok: false; error: AppError }>, note: string) => {
    const r = await run();
    // Sent is not printed: a spooler that refused the badge is an error here, and the queue keeps the job.
    const failed = r.ok && r.value.state === 'failed' ? { code: 'printer_unavailable' as const, message: r.value.error ?? '' } : null;
    setError(r.ok ? failed : r.error);
    setDone(r.ok && !failed ? note : null);
    onChanged();
  };

  if (!acknowledged) {
    return (
      <div className="message message-error desk-attention">
        <p className="message-text">{t('desk.attention')}</p>
        <button type="button" className="button button-primary" onClick={() => setAcknowledged(true)}>
          {t('desk.acknowledge')}
        </button>
      </div>
    );
  }

  return (
    <section className="desk-actions" aria-label={t('desk.actions')}>
      <div className="desk-actions-grid">
        <div className="desk-actions-controls">
          <dl className="desk-state">
            <div>
              <dt>{t('desk.arrived')}</dt>
              <dd>{attendee.arrivedAt ? formatTimestamp(attendee.arrivedAt, lang) : t('desk.notYet')}</dd>
            </div>
            <div>
              <dt>{t('desk.printed')}</dt>
              <dd>{t('desk.printedCount', { count: attendee.badge.printedCount, version: attendee.badge.version })}</dd>
            </div>
            <div>
              <dt>{t('desk.collected')}</dt>
              <dd>{attendee.badge.collectedAt ? formatTimestamp(attendee.badge.collectedAt, lang) : t('desk.notYet')}</dd>
            </div>
          </dl>
          <div className="form-actions desk-buttons">
            <button
              type="button"
              className="button button-primary"
              disabled={!active || attendee.arrivedAt !== null}
              onClick={() => void act(() => api.call('checkin:arrive', { scanId: crypto.randomUUID(), attendeeId: attendee.id, station: 'desk' }), t('desk.arrivedDone'))}
            >
              {t('desk.checkIn')}
            </button>
            <button type="button" className="button" disabled={!active || attendee.badge.collectedAt !== null} onClick={() => void act(() => api.call('badge:collect', { attendeeId: attendee.id }), t('desk.collectedDone'))}>
              {t('desk.collect')}
            </button>
          </div>
          <PrinterField label={t('desk.printer')} choice={printer} />
          <div className="form-actions desk-buttons">
            <button ref={printButton} type="button" className="button" disabled={!active || !chosen} onClick={() => void print(() => api.call('print:submit', { attendeeId: attendee.id, printer: chosen }), t('desk.sent'))}>
              {t('desk.print')}
            </button>
          </div>
          {canReprint && (
            <div className="desk-reprint">
              <Field label={t('desk.reprintReason')}>{(control) => <input {...control} value={reason} onChange={(e) => setReason(e.target.value)} />}</Field>
              <button
                type="button"
                className="button button-danger"
                disabled={!active || !chosen || reason.trim().length < 3}
                onClick={() => void print(() => api.call('print:reprint', { attendeeId: attendee.id, printer: chosen, reason: reason.trim() }), t('desk.reprinted'))}
              >
                {t('desk.reprint')}
              </button>
            </div>
          )}
          <ErrorMessage error={error} />
          {done && (
            <p className="message message-ok" role="status">
              {done}
            </p>
          )}
        </div>
        {active && <AttendeeBadge attendeeId={attendee.id} />}
      </div>
    </section>
  );
}
