import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/contract';
import { BatchPrint } from './BatchPrint';
import { LayoutEditor } from './LayoutEditor';
import { PrintQueue } from './PrintQueue';

type Part = 'queue' | 'batch' | 'layouts';

/** Badges: the print queue every desk watches, batch printing, and (for the organiser) the layouts. */
export function Badges({ event, canEditLayouts, onLayoutsSaved }: { event: EventView; canEditLayouts: boolean; onLayoutsSaved: () => void }) {
  const { t } = useTranslation();
  const [part, setPart] = useState<Part>('queue');
  const parts: Part[] = canEditLayouts ? ['queue', 'batch', 'layouts'] : ['queue', 'batch'];
  return (
    <div className="page">
      <header className="page-header">
        <h1 className="page-title">{t('badges.title')}</h1>
        <p className="page-lead">{t('badges.lead')}</p>
      </header>
      <nav className="subtabs" aria-label={t('badges.parts')}>
        {parts.map((p) => (
          <button key={p} type="button" className="tab" aria-current={p === part ? 'page' : undefined} onClick={() => setPart(p)}>
            {t(`badges.part.${p}`)}
          </button>
        ))}
      </nav>
      {part === 'queue' && <PrintQueue />}
      {part === 'batch' && <BatchPrint event={event} />}
      {part === 'layouts' && <LayoutEditor event={event} onSaved={onLayoutsSaved} />}
    </div>
  );
}
