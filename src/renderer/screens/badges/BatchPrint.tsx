import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BadgeOrder, BadgeSelection, BadgeSize } from '../../../shared/badge';
import { BADGE_ORDERS } from '../../../shared/badge';
import type { EventView } from '../../../shared/contract';
import type { AppError } from '../../../shared/result';
import { useApi } from '../../api/context';
import { Choices } from '../../components/Choices';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { saveBase64File } from '../../files';
import { useLang } from '../../i18n';
import { AttendeeBadge } from './BadgeFace';
import { PrinterField, usePrinterChoice } from './PrinterChoice';

type Who = 'notPrinted' | 'category' | 'all';

interface Progress {
  done: number;
  total: number;
  failed: Array<{ attendeeId: string; message: string }>;
  cancelled: boolean;
  running: boolean;
}

const PDF_SIZES: Array<BadgeSize | 'layout'> = ['layout', 'landscape-4x3', 'portrait-3x4', 'a6', 'cr80'];

/** Pre-printing: a PDF of many badges for a print shop, or badges sent to a printer one by one with progress and cancel. */
export function BatchPrint({ event }: { event: EventView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const printer = usePrinterChoice();
  const [who, setWho] = useState<Who>('notPrinted');
  const [categoryId, setCategoryId] = useState(event.categories[0]?.id ?? '');
  const [order, setOrder] = useState<BadgeOrder>('pinyin');
  const [size, setSize] = useState<BadgeSize | 'layout'>('layout');
  const [sheet, setSheet] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [pdfNote, setPdfNote] = useState<string | null>(null);
  const [sample, setSample] = useState<string | null>(null);
  const cancel = useRef(false);

  const selection = (): BadgeSelection => (who === 'category' ? { categoryId } : who === 'all' ? { all: true } : { notPrinted: true });
  const chosenPrinter = printer.chosen;

  const plan = async (): Promise<string[] | null> => {
    const r = await api.call('badge:batchPlan', { selection: selection(), order });
    setError(r.ok ? null : r.error);
    if (!r.ok) return null;
    setSample(r.value.attendeeIds[0] ?? null);
    return r.value.attendeeIds;
  };

  const makePdf = async () => {
    setPdfNote(null);
    const r = await api.call('badge:pdf', { selection: selection(), order, ...(size === 'layout' ? {} : { size }), ...(sheet ? { sheet: 'a4' as const } : {}) });
    setError(r.ok ? null : r.error);
    if (!r.ok) return;
    saveBase64File(`badges-${event.event.id}.pdf`, r.value.contentBase64, 'application/pdf');
    setPdfNote(t('batch.pdfMade', { badges: r.value.badges, pages: r.value.pages, skipped: r.value.skipped.length }));
  };

  const sendToPrinter = async () => {
    const ids = await plan();
    if (ids === null) return;
    cancel.current = false;
    const state: Progress = { done: 0, total: ids.length, failed: [], cancelled: false, running: true };
    setProgress({ ...state });
    for (const attendeeId of ids) {
      if (cancel.current) {
        state.cancelled = true;
        break;
      }
      const r = await api.call('print:submit', { attendeeId, printer: chosenPrinter });
      if (!r.ok) state.failed.push({ attendeeId, message: r.error.message });
      else if (r.value.state === 'failed') state.failed.push({ attendeeId, message: r.value.error ?? '' });
      state.done++;
      setProgress({ ...state, failed: [...state.failed] });
    }
    setProgress({ ...state, running: false, failed: [...state.failed] });
  };

  return (
    <div className="split">
      <section className="card" aria-labelledby="batch-title">
        <h2 className="section-title" id="batch-title">
          {t('batch.title')}
        </h2>
        <ErrorMessage error={error} />
        <fieldset className="choice-group">
          <legend>{t('batch.who')}</legend>
          {(['notPrinted', 'category', 'all'] as const).map((w) => (
            <label key={w} className="check">
              <input type="radio" name="batch-who" checked={who === w} onChange={() => setWho(w)} /> {t(`batch.whoOption.${w}`)}
            </label>
          ))}
        </fieldset>
        {who === 'category' && (
          <Field label={t('batch.category')}>
            {(control) => (
              <select {...control} value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
                {event.categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name[lang]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('batch.order')}>
          {(control) => (
            <select {...control} value={order} onChange={(e) => setOrder(e.target.value as BadgeOrder)}>
              <Choices values={BADGE_ORDERS} label={(o) => t(`batch.orderOption.${o}`)} />
            </select>
          )}
        </Field>

        <h3 className="subsection-title">{t('batch.toPrinter')}</h3>
        <PrinterField label={t('batch.printer')} choice={printer} />
        <div className="form-actions">
          <button type="button" className="button button-primary" disabled={!chosenPrinter || progress?.running === true} onClick={() => void sendToPrinter()}>
            {t('batch.send')}
          </button>
          {progress?.running && (
            <button type="button" className="button button-danger" onClick={() => (cancel.current = true)}>
              {t('batch.stop')}
            </button>
          )}
        </div>
        {progress && (
          <div className="batch-progress" role="status">
            <progress max={Math.max(1, progress.total)} value={progress.done} aria-label={t('batch.progressLabel')} />
            <p>{t(progress.running ? 'batch.progress' : progress.cancelled ? 'batch.stopped' : 'batch.finished', { done: progress.done, total: progress.total, failed: progress.failed.length })}</p>
            {progress.failed.length > 0 && (
              <ul className="batch-failures">
                {progress.failed.slice(0, 20).map((f) => (
                  <li key={f.attendeeId}>{f.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}

        <h3 className="subsection-title">{t('batch.toPdf')}</h3>
        <Field label={t('batch.size')}>
          {(control) => (
            <select {...control} value={size} onChange={(e) => setSize(e.target.value as BadgeSize | 'layout')}>
              <Choices values={PDF_SIZES} label={(s) => t(`badgeSize.${s}`)} />
            </select>
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={sheet} onChange={(e) => setSheet(e.target.checked)} /> {t('batch.sheet')}
        </label>
        <div className="form-actions">
          <button type="button" className="button" onClick={() => void makePdf()}>
            {t('batch.makePdf')}
          </button>
          <button type="button" className="button" onClick={() => void plan()}>
            {t('batch.previewFirst')}
          </button>
        </div>
        {pdfNote && <p className="message message-info">{pdfNote}</p>}
      </section>
      <section className="card" aria-labelledby="batch-preview-title">
        <h2 className="section-title" id="batch-preview-title">
          {t('batch.preview')}
        </h2>
        {sample ? <AttendeeBadge attendeeId={sample} /> : <p className="empty">{t('batch.noPreview')}</p>}
      </section>
    </div>
  );
}
