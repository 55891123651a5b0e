import { useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/contract';
import { useApi } from '../../api/context';
import { Modal } from '../../components/Modal';
import { formatCount } from '../../format';
import { useBilingual, useLang } from '../../i18n';
import type { EventFileOutcome, ListChange } from './eventFile';
import { readFileText } from '../../files';
import { compareEventFile, fieldProblemsOf } from './eventFile';

interface Chosen {
  fileName: string;
  content: unknown;
}

interface Props {
  current: EventView;
  onOutcome: (outcome: EventFileOutcome | null) => void;
  onImported: () => void;
}

/** Reads a chosen event file here, asks before replacing the station's event, then lets main check and apply it. */
export function ImportEventFile({ current, onOutcome, onImported }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Cleared so that choosing the same file again, once fixed, is a change too.
    e.target.value = '';
    if (!file) return;
    onOutcome(null);
    let text: string;
    try {
      text = await readFileText(file);
    } catch {
      onOutcome({ kind: 'unreadable', file: file.name });
      return;
    }
    try {
      setChosen({ fileName: file.name, content: JSON.parse(text) as unknown });
    } catch (error) {
      onOutcome({ kind: 'notJson', file: file.name, detail: error instanceof Error ? error.message : String(error) });
    }
  };

  const confirm = async ({ fileName, content }: Chosen) => {
    setBusy(true);
    const result = await api.call('event:import', { file: content });
    setBusy(false);
    setChosen(null);
    if (result.ok) {
      onOutcome({ kind: 'imported', file: fileName, activities: result.value.activities.length, categories: result.value.categories.length });
      onImported();
      return;
    }
    const { code, message } = result.error;
    if (code === 'invalid_event' || code === 'conflict') onOutcome({ kind: 'refused', file: fileName, code, problems: fieldProblemsOf(result.error), message });
    else onOutcome({ kind: 'failed', error: result.error });
  };

  return (
    <>
      <button type="button" className="button" onClick={() => input.current?.click()}>
        {t('eventFile.import')}
      </button>
      <input ref={input} type="file" accept=".json,application/json" hidden aria-label={t('eventFile.chooseFile')} onChange={(e) => void choose(e)} />
      {chosen && <ConfirmImport chosen={chosen} current={current} busy={busy} onCancel={() => setChosen(null)} onConfirm={() => void confirm(chosen)} />}
    </>
  );
}

interface ConfirmProps {
  chosen: Chosen;
  current: EventView;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Says what the file changes: the event name, and which activities and categories it adds, removes or edits. */
function ConfirmImport({ chosen, current, busy, onCancel, onConfirm }: ConfirmProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const { main } = useBilingual();
  const changes = compareEventFile(current, chosen.content);
  const count = (n: number | null) => (n === null ? null : formatCount(n, lang));
  const rows = [
    { label: t('eventFile.name'), now: main(current.event.name), next: changes.name && main(changes.name), change: changes.name && <NameChange renamed={changes.renamed} /> },
    { label: t('eventFile.activities'), now: count(current.activities.length), next: count(changes.activities.count), change: changes.activities.change && <Change change={changes.activities.change} /> },
    { label: t('eventFile.categories'), now: count(current.categories.length), next: count(changes.categories.count), change: changes.categories.change && <Change change={changes.categories.change} /> },
  ];

  return (
    <Modal title={t('eventFile.confirmTitle', { file: chosen.fileName })} onClose={onCancel}>
      <div className="form">
        <p className="modal-lead">{t('eventFile.confirmLead')}</p>
        <table className="table compare">
          <thead>
            <tr>
              <td />
              <th scope="col">{t('eventFile.onStation')}</th>
              <th scope="col">{t('eventFile.inFile')}</th>
              <th scope="col">{t('eventFile.change')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                <td>{row.now}</td>
                <td>{row.next ?? <span className="not-set">{t('eventFile.missing')}</span>}</td>
                <td>{row.change}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="note">{t('eventFile.confirmNote')}</p>
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button-primary" disabled={busy} onClick={onConfirm}>
            {t('eventFile.confirm')}
          </button>
        </div>
      </div>
    </Modal>
  );
}

function NameChange({ renamed }: { renamed: boolean }) {
  const { t } = useTranslation();
  return renamed ? <span className="change">{t('eventFile.renamed')}</span> : <span className="no-change">{t('eventFile.noChange')}</span>;
}

function Change({ change }: { change: ListChange }) {
  const { t } = useTranslation();
  const lang = useLang();
  const parts = (['added', 'removed', 'edited'] as const).filter((kind) => change[kind] > 0);
  if (parts.length === 0) return <span className="no-change">{t('eventFile.noChange')}</span>;
  return (
    <span className="changes">
      {parts.map((kind) => (
        <span key={kind} className={`change change-${kind}`}>
          {t(`eventFile.${kind}`, { n: formatCount(change[kind], lang) })}
        </span>
      ))}
    </span>
  );
}
