import { useEffect, useRef, useState } from 'react';
import type { ChangeEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '../../../shared/text';
import type { DetectedEncoding, ImportField, ImportJobStatus, ImportMapping, ImportReport, ImportSeverity, LegacyEncoding, MappingFile } from '../../../shared/import';
import { IMPORT_FIELDS, mappingFileSchema } from '../../../shared/import';
import type { AppError } from '../../../shared/result';
import { useApi, useQuery } from '../../api/context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useBilingual } from '../../i18n';
import { fileToBase64, readFileText, saveJsonFile } from '../../files';
import { mappingFileName } from './importFile';

const POLL_MS = 250;

/** Encodings by their standard names, the same in every language. */
const ENCODING_NAMES: Record<DetectedEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 BOM',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  gb18030: 'GB18030',
  big5: 'Big5',
  shift_jis: 'Shift_JIS',
  'euc-kr': 'EUC-KR',
  'windows-1252': 'Windows-1252',
};
const DELIMITER_KEYS = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const;

interface Chosen {
  fileName: string;
  contentBase64: string;
  /** The encoding the user chose where the detector was unsure. */
  encoding?: LegacyEncoding;
  /** The registration system's category and activity words the user gave a category or an activity. */
  categories?: Record<string, string>;
  activities?: Record<string, string>;
}

/** The two kinds of the file's own words the user can give the event's names to. */
type WordKind = 'categories' | 'activities';
const UNKNOWN_CODE = { categories: 'category_unknown', activities: 'activity_unknown' } as const;

/** Registration export → detected encoding and column mapping → every problem → commit with progress and cancel. */
export function ImportWizard({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [file, setFile] = useState<Chosen | null>(null);
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [job, setJob] = useState<ImportJobStatus | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<'mapping' | 'problems'>('mapping');
  const event = useQuery('event:get', {});
  const names: Record<WordKind, Array<{ id: string; name: Bilingual }>> = event.result?.ok
    ? { categories: event.result.value.categories, activities: event.result.value.activities.map((a) => ({ id: a.id, name: a.title })) }
    : { categories: [], activities: [] };

  const runPreview = async (chosen: Chosen, mapping?: ImportMapping) => {
    setBusy(true);
    const result = await api.call('roster:importPreview', { ...chosen, ...(mapping ? { mapping } : {}) });
    setBusy(false);
    setError(result.ok ? null : result.error);
    setPreview(result.ok ? result.value : null);
  };

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const picked = e.target.files?.[0];
    if (!picked) return;
    const chosen = { fileName: picked.name, contentBase64: await fileToBase64(picked) };
    setFile(chosen);
    setJob(null);
    setStep('mapping');
    await runPreview(chosen);
  };

  /** A mapping saved from here before (or written for the CLI's --mapping): checked, then the file is checked with it. */
  const applySavedMapping = async (e: ChangeEvent<HTMLInputElement>) => {
    const picked = e.target.files?.[0];
    e.target.value = '';
    if (!picked || !file) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFileText(picked));
    } catch {
      parsed = undefined;
    }
    const saved = mappingFileSchema.safeParse(parsed);
    if (!saved.success) {
      setError({ code: 'invalid_input', message: `${picked.name} is not a mapping file (JSON: column → field, or {columns, categories, encoding})` });
      return;
    }
    const { columns, ...words } = saved.data;
    const chosen = { ...file, ...words };
    setFile(chosen);
    await runPreview(chosen, columns);
  };

  /** What the wizard saves: the columns as corrected, and the category words and encoding the user chose. */
  const mappingFile = (report: ImportReport, { fileName: _name, contentBase64: _content, ...chosen }: Chosen): MappingFile => ({ columns: report.mapping, ...chosen });

  const chooseWord = async (kind: WordKind, word: string, id: string) => {
    if (!file) return;
    const words = { ...file[kind] };
    if (id === '') delete words[word];
    else words[word] = id;
    const chosen = { ...file, [kind]: words };
    setFile(chosen);
    await runPreview(chosen, preview?.mapping);
  };

  const chooseEncoding = async (encoding: LegacyEncoding) => {
    if (!file) return;
    const chosen = { ...file, encoding };
    setFile(chosen);
    await runPreview(chosen, preview?.mapping);
  };

  const commit = async () => {
    if (!file || !preview) return;
    const result = await api.call('roster:importStart', { ...file, mapping: preview.mapping });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setJob({ jobId: result.value.jobId, state: 'running', processed: 0, total: preview.rows });
  };

  return (
    <div className="page">
      <header className="page-header">
        <h1 className="page-title">{t('importWizard.title')}</h1>
        <p className="page-lead">{t('importWizard.lead')}</p>
      </header>
      <section className="card import-card import-step">
        <label className="button button-primary file-button">
          {t('importWizard.choose')}
          <input type="file" accept=".csv,.xlsx,text/csv" className="visually-hidden" aria-label={t('importWizard.choose')} onChange={(e) => void choose(e)} disabled={busy || job?.state === 'running'} />
        </label>
        {file && <span className="code">{file.fileName}</span>}
        {busy && <span className="loading">{t('importWizard.checking')}</span>}
      </section>
      <ErrorMessage error={error} />
      {preview && !job && file && (
        <>
          {preview.encodingAlternatives && <EncodingChoice report={preview} onChoose={(e) => void chooseEncoding(e)} disabled={busy} />}
          {preview.nameCandidates && <NameChoice report={preview} onChoose={(header) => void runPreview(file, { ...preview.mapping, [header]: 'nameZh' })} disabled={busy} />}
          {(['categories', 'activities'] as const).map((kind) => (
            <WordChoice key={kind} kind={kind} report={preview} chosen={file[kind] ?? {}} names={names[kind]} onChoose={(word, id) => void chooseWord(kind, word, id)} disabled={busy} />
          ))}
          <PreviewSummary report={preview} />
          {step === 'mapping' ? (
            <>
              <MappingTable report={preview} onChange={(mapping) => void runPreview(file, mapping)} disabled={busy} />
              <div className="form-actions">
                <button type="button" className="button button-primary" disabled={busy} onClick={() => setStep('problems')}>
                  {t('importWizard.toProblems', { count: preview.issues.length })}
                </button>
                <button type="button" className="button" disabled={busy} onClick={() => saveJsonFile(mappingFileName(file.fileName), mappingFile(preview, file))}>
                  {t('importWizard.saveMapping')}
                </button>
                <label className="button file-button">
                  {t('importWizard.useMapping')}
                  <input type="file" accept=".json,application/json" className="visually-hidden" aria-label={t('importWizard.useMapping')} onChange={(e) => void applySavedMapping(e)} disabled={busy} />
                </label>
              </div>
            </>
          ) : (
            <>
              <Problems report={preview} />
              <div className="form-actions">
                <button type="button" className="button button-primary" disabled={busy || preview.rows === preview.skipped} onClick={() => void commit()}>
                  {t('importWizard.commit', { count: preview.rows - preview.skipped })}
                </button>
                <button type="button" className="button" onClick={() => setStep('mapping')}>
                  {t('importWizard.toMapping')}
                </button>
              </div>
            </>
          )}
        </>
      )}
      {job && <Progress job={job} rows={preview?.rows} onStatus={setJob} onDone={onImported} />}
    </div>
  );
}

function PreviewSummary({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  return (
    <section className="card import-card" aria-labelledby="import-summary">
      <h2 className="section-title" id="import-summary">
        {report.committed ? t('importWizard.report') : t('importWizard.preview')}
      </h2>
      <dl className="import-counts">
        <div>
          <dt>{t('importWizard.encoding')}</dt>
          <dd>{ENCODING_NAMES[report.encoding]}</dd>
        </div>
        <div>
          <dt>{t('importWizard.format')}</dt>
          <dd>{report.format.toUpperCase()}</dd>
        </div>
        {report.delimiter && (
          <div>
            <dt>{t('importWizard.delimiter')}</dt>
            <dd>{t(`importWizard.delimiterName.${DELIMITER_KEYS[report.delimiter]}`)}</dd>
          </div>
        )}
        <div>
          <dt>{t('importWizard.rows')}</dt>
          <dd>{report.rows}</dd>
        </div>
        <div>
          <dt>{t('importWizard.created')}</dt>
          <dd>{report.created}</dd>
        </div>
        <div>
          <dt>{t('importWizard.updated')}</dt>
          <dd>{report.updated}</dd>
        </div>
        <div>
          <dt>{t('importWizard.unchanged')}</dt>
          <dd>{report.unchanged}</dd>
        </div>
        <div>
          <dt>{t('importWizard.skipped')}</dt>
          <dd>{report.skipped}</dd>
        </div>
      </dl>
    </section>
  );
}

/** A decision the file needs before it imports: a card of its own, set apart, above the counts. */
function Notice({ id, title, alert, notice, children }: { id: string; title: string; alert: boolean; notice: boolean; children: ReactNode }) {
  return (
    <section className={`card import-card${notice ? ' notice-card' : ''}`} role={alert ? 'alert' : undefined} aria-labelledby={id}>
      <h2 className="section-title" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The detector was unsure: the header and first row as each likely encoding reads them, to choose by eye. */
function EncodingChoice({ report, onChoose, disabled }: { report: ImportReport; onChoose: (e: LegacyEncoding) => void; disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Notice id="import-encoding" title={t('importWizard.encodingUncertain')} alert notice>
      <p className="muted">{t('importWizard.encodingNow', { encoding: ENCODING_NAMES[report.encoding] })}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('importWizard.encoding')}</th>
            <th scope="col">{t('importWizard.headerRow')}</th>
            <th scope="col">{t('importWizard.firstRow')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {(report.encodingAlternatives ?? []).map((a) => (
            <tr key={a.encoding}>
              <th scope="row">{ENCODING_NAMES[a.encoding]}</th>
              <td>{a.headers.join(' | ')}</td>
              <td>{a.firstRow.join(' | ')}</td>
              <td>
                <button type="button" className="button" disabled={disabled} onClick={() => onChoose(a.encoding)}>
                  {t('importWizard.useEncoding', { encoding: ENCODING_NAMES[a.encoding] })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Notice>
  );
}

/** No column maps to a name: the headers seen and the likeliest name columns, each one click from being the name. */
function NameChoice({ report, onChoose, disabled }: { report: ImportReport; onChoose: (header: string) => void; disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Notice id="import-no-name" title={t('importWizard.noName', { headers: report.headers.join(', ') })} alert notice>
      {(report.nameCandidates ?? []).length > 0 && (
        <div className="notice-actions">
          <span>{t('importWizard.nameCandidates')}</span>
          {(report.nameCandidates ?? []).map((header) => (
            <button key={header} type="button" className="button button-primary" disabled={disabled} onClick={() => onChoose(header)}>
              {t('importWizard.useAsName', { header })}
            </button>
          ))}
        </div>
      )}
    </Notice>
  );
}

/**
 * The file's category or activity words that name none of the event's ("Press pass", 嘉宾证, 分论坛一), each with how
 * many rows it skips and a choice among the event's names; and the words already given one, to change or take back.
 */
interface WordChoiceProps {
  kind: WordKind;
  report: ImportReport;
  chosen: Record<string, string>;
  names: Array<{ id: string; name: Bilingual }>;
  onChoose: (word: string, id: string) => void;
  disabled: boolean;
}

function WordChoice({ kind, report, chosen, names, onChoose, disabled }: WordChoiceProps) {
  const { t } = useTranslation();
  const { main } = useBilingual();
  const unknown = new Map<string, number>();
  for (const i of report.issues) if (i.code === UNKNOWN_CODE[kind] && i.value !== undefined) unknown.set(i.value, (unknown.get(i.value) ?? 0) + 1);
  const words = [...new Set([...unknown.keys(), ...Object.keys(chosen)])];
  if (words.length === 0 || names.length === 0) return null;
  return (
    <Notice id={`import-words-${kind}`} title={t(`importWizard.words.${kind}.title`)} alert={false} notice={unknown.size > 0}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('importWizard.words.inFile')}</th>
            <th scope="col">{t('importWizard.words.rowsSkipped')}</th>
            <th scope="col">{t(`importWizard.words.${kind}.column`)}</th>
          </tr>
        </thead>
        <tbody>
          {words.map((word) => (
            <tr key={word}>
              <th scope="row">{word}</th>
              <td className="numeric">{unknown.get(word) ?? 0}</td>
              <td>
                <select aria-label={t(`importWizard.words.${kind}.for`, { word })} value={chosen[word] ?? ''} disabled={disabled} onChange={(e) => onChoose(word, e.target.value)}>
                  <option value="">{t('importWizard.words.none')}</option>
                  {names.map((n) => (
                    <option key={n.id} value={n.id}>
                      {main(n.name)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Notice>
  );
}

function MappingTable({ report, onChange, disabled }: { report: ImportReport; onChange: (mapping: ImportMapping) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const set = (header: string, value: string) => {
    const field = IMPORT_FIELDS.find((f) => f === value) ?? null;
    onChange({ ...report.mapping, [header]: field });
  };
  return (
    <section className="card import-card" aria-labelledby="import-mapping">
      <h2 className="section-title" id="import-mapping">
        {t('importWizard.mapping')}
      </h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('importWizard.column')}</th>
            <th scope="col">{t('importWizard.field')}</th>
          </tr>
        </thead>
        <tbody>
          {report.headers.map((header) => (
            <tr key={header}>
              <th scope="row">{header}</th>
              <td>
                <select aria-label={t('importWizard.fieldFor', { header })} value={report.mapping[header] ?? ''} disabled={disabled} onChange={(e) => set(header, e.target.value)}>
                  <option value="">{t('importWizard.ignore')}</option>
                  {IMPORT_FIELDS.map((f) => (
                    <option key={f} value={f}>
                      {t(`importField.${f}`)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Problems({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const { main } = useBilingual();
  const [filter, setFilter] = useState<ImportSeverity | 'all'>('all');
  const shown = report.issues.filter((i) => filter === 'all' || i.severity === filter);
  const count = (s: ImportSeverity) => report.issues.filter((i) => i.severity === s).length;
  const fieldName = (f: ImportField | null) => (f ? t(`importField.${f}`) : t('importWizard.wholeFile'));
  return (
    <section className="card import-card" aria-labelledby="import-problems">
      <div className="roster-table-bar">
        <h2 className="section-title" id="import-problems">
          {t('importWizard.problems', { count: report.issues.length })}
        </h2>
        <div className="segmented" role="group" aria-label={t('importWizard.filter')}>
          {(['all', 'error', 'warning'] as const).map((f) => (
            <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
              {f === 'all' ? t('importWizard.all') : t(`importWizard.severity.${f}`, { count: count(f) })}
            </button>
          ))}
        </div>
      </div>
      {shown.length === 0 ? (
        <p className="empty">{t('importWizard.noProblems')}</p>
      ) : (
        <div className="table-wrap problems-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('importWizard.line')}</th>
                <th scope="col">{t('importWizard.field')}</th>
                <th scope="col">{t('importWizard.severityCol')}</th>
                <th scope="col">{t('importWizard.message')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((issue, i) => (
                <tr key={`${issue.line}-${issue.code}-${i}`}>
                  <td className="numeric">{issue.line}</td>
                  <td>{fieldName(issue.field)}</td>
                  <td>
                    <span className={`severity severity-${issue.severity}`}>{t(`importWizard.severityName.${issue.severity}`)}</span>
                  </td>
                  <td>
                    {main(issue.message)}
                    {issue.value !== undefined && <span className="code problem-value">{issue.value}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Polls the running import every POLL_MS; Cancel asks main to roll it back. */
interface ProgressProps {
  job: ImportJobStatus;
  /** The dry run's count of data rows: exact, where the job knows only a line count or nothing (an XLSX without a dimension). */
  rows: number | undefined;
  onStatus: (s: ImportJobStatus) => void;
  onDone: () => void;
}

function Progress({ job, rows, onStatus, onDone }: ProgressProps) {
  const { t } = useTranslation();
  const total = rows ?? job.total;
  const processed = Math.min(job.processed, total);
  const api = useApi();
  const [error, setError] = useState<AppError | null>(null);
  const notified = useRef(false);
  const running = job.state === 'running';

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      void api.call('roster:importStatus', { jobId: job.jobId }).then((r) => {
        if (r.ok) onStatus(r.value);
        else setError(r.error);
      });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, job.jobId, running, onStatus]);

  useEffect(() => {
    if (job.state === 'done' && !notified.current) {
      notified.current = true;
      onDone();
    }
  }, [job.state, onDone]);

  const cancel = async () => {
    const r = await api.call('roster:importCancel', { jobId: job.jobId });
    if (r.ok) onStatus(r.value);
    else setError(r.error);
  };

  return (
    <>
      <section className="card import-card" aria-labelledby="import-progress">
        <h2 className="section-title" id="import-progress">
          {t(`importWizard.state.${job.state}`)}
        </h2>
        <progress className="import-progress" max={total || 1} value={processed} aria-label={t('importWizard.progress')} />
        <p className="muted">{t('importWizard.processed', { processed, total })}</p>
        <ErrorMessage error={error ?? job.error ?? null} />
        {running && (
          <button type="button" className="button button-danger" onClick={() => void cancel()}>
            {t('common.cancel')}
          </button>
        )}
      </section>
      {job.report && <PreviewSummary report={job.report} />}
      {job.report && job.report.issues.length > 0 && <Problems report={job.report} />}
    </>
  );
}
