import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrinterView, PrintJobView } from '../../../shared/printing';
import type { AppError } from '../../../shared/result';
import { useApi, useQuery } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatTimestamp } from '../../format';
import { useLang } from '../../i18n';

/** How often the queue asks the spooler again: jobs move on their own while the desk works. */
const REFRESH_MS = 2_000;

/** Each printer's state and every badge on its way, with what the desk can do about a stuck one. */
export function PrintQueue() {
  const { t } = useTranslation();
  const queue = useQuery('print:queue', {});
  const [error, setError] = useState<AppError | null>(null);
  const { reload } = queue;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  if (queue.result === null) return <p className="loading">{t('app.loading')}</p>;
  if (!queue.result.ok) return <ErrorMessage error={queue.result.error} />;
  const { printers, printerError, jobs } = queue.result.value;

  return (
    <div className="print-queue">
      <section className="card" aria-labelledby="printers-title">
        <h2 className="section-title" id="printers-title">
          {t('printing.printers')}
        </h2>
        {printerError && <p className="message message-error">{t('printing.printerError', { message: printerError })}</p>}
        {printers.length === 0 && !printerError ? <p className="empty">{t('printing.noPrinters')}</p> : null}
        <ul className="printer-list">
          {printers.map((p) => (
            <li key={p.name} className={`printer printer-${p.state}`}>
              <span className="printer-name">{p.name}</span>
              <span className="printer-state">{t(`printing.printerState.${p.state}`)}</span>
              {!p.accepting && <span className="printer-state">{t('printing.notAccepting')}</span>}
              {p.message && <span className="printer-message">{p.message}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="jobs-title">
        <h2 className="section-title" id="jobs-title">
          {t('printing.jobs')}
        </h2>
        <ErrorMessage error={error} />
        {jobs.length === 0 ? (
          <p className="empty">{t('printing.noJobs')}</p>
        ) : (
          <JobTable jobs={jobs} printers={printers} onChanged={reload} onError={setError} />
        )}
      </section>
    </div>
  );
}

function JobTable({ jobs, printers, onChanged, onError }: { jobs: PrintJobView[]; printers: PrinterView[]; onChanged: () => void; onError: (e: AppError | null) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (jobId: string, action: () => Promise<{ ok: boolean; error?: AppError }>) => {
    setBusy(jobId);
    const result = await action();
    setBusy(null);
    onError(result.ok ? null : (result.error ?? null));
    onChanged();
  };

  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('printing.attendee')}</th>
            <th scope="col">{t('printing.printer')}</th>
            <th scope="col">{t('printing.state')}</th>
            <th scope="col">{t('printing.updated')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('printing.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => {
            const open = j.state === 'queued' || j.state === 'sent' || j.state === 'failed';
            const others = printers.filter((p) => p.name !== j.printer);
            return (
              <tr key={j.id}>
                <th scope="row">
                  {j.attendeeName}
                  {j.badgeVersion > 1 && <span className="job-version">{t('printing.version', { version: j.badgeVersion })}</span>}
                  {j.reprintReason && <span className="job-reason">{t('printing.reprintReason', { reason: j.reprintReason })}</span>}
                </th>
                <td>{j.printer}</td>
                <td>
                  <span className={`status job-${j.state}`}>{t(`printing.jobState.${j.state}`)}</span>
                  {j.error && <span className="job-error">{j.error}</span>}
                </td>
                <td>{formatTimestamp(j.updatedAt, lang)}</td>
                <td>
                  <div className="row-actions">
                    {j.state === 'sent' && (
                      <button type="button" className="button button-small" disabled={busy === j.id} onClick={() => void act(j.id, () => api.call('print:confirm', { jobId: j.id }))}>
                        {t('printing.confirm')}
                      </button>
                    )}
                    {j.state === 'failed' && (
                      <button type="button" className="button button-small button-primary" disabled={busy === j.id} onClick={() => void act(j.id, () => api.call('print:retry', { jobId: j.id }))}>
                        {t('printing.retry')}
                      </button>
                    )}
                    {open &&
                      others.map((p) => (
                        <button key={p.name} type="button" className="button button-small" disabled={busy === j.id} onClick={() => void act(j.id, () => api.call('print:move', { jobId: j.id, printer: p.name }))}>
                          {t('printing.moveTo', { printer: p.name })}
                        </button>
                      ))}
                    {open && (
                      <button type="button" className="button button-small button-danger" disabled={busy === j.id} onClick={() => void act(j.id, () => api.call('print:cancel', { jobId: j.id }))}>
                        {t('printing.cancel')}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
