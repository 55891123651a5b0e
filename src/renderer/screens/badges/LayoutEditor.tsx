import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BadgeLayout, BadgeSize } from '../../../shared/badge';
import { BADGE_FIELDS, BADGE_SIZES, DEFAULT_BADGE_LAYOUT } from '../../../shared/badge';
import type { EventView } from '../../../shared/contract';
import type { AppError } from '../../../shared/result';
import { useApi, useQuery } from '../../api/context';
import { Choices } from '../../components/Choices';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { useLang } from '../../i18n';
import { AttendeeBadge } from './BadgeFace';

/** The organiser's badge layouts: size, fields on or off, colours and which categories use each, previewed live. */
export function LayoutEditor({ event, onSaved }: { event: EventView; onSaved: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const [layouts, setLayouts] = useState<BadgeLayout[]>(event.badgeLayouts);
  const [index, setIndex] = useState(0);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  const sample = useQuery('roster:list', { limit: 30, sort: 'pinyin' });
  const [sampleId, setSampleId] = useState<string | null>(null);
  const layout = layouts[index] ?? layouts[0]!;
  const samples = sample.result?.ok ? sample.result.value.rows : [];
  const previewId = sampleId ?? samples[0]?.id ?? null;

  const change = (patch: Partial<BadgeLayout>) => {
    setSaved(false);
    setLayouts((all) => all.map((l, i) => (i === index ? { ...l, ...patch } : l)));
  };
  const owner = (categoryId: string) => layouts.find((l, i) => i !== index && l.categories.includes(categoryId));

  const add = () => {
    const n = layouts.length + 1;
    setLayouts([...layouts, { ...DEFAULT_BADGE_LAYOUT, id: `layout-${n}`, name: t('layouts.newName', { n }), categories: [] }]);
    setIndex(layouts.length);
  };

  const save = async () => {
    const r = await api.call('badge:saveLayouts', { layouts });
    setError(r.ok ? null : r.error);
    if (r.ok) {
      setSaved(true);
      onSaved();
    }
  };

  return (
    <div className="split">
      <section className="card" aria-labelledby="layouts-title">
        <h2 className="section-title" id="layouts-title">
          {t('layouts.title')}
        </h2>
        <div className="layout-picker" role="tablist" aria-label={t('layouts.list')}>
          {layouts.map((l, i) => (
            <button key={l.id} type="button" role="tab" aria-selected={i === index} className="tab" onClick={() => setIndex(i)}>
              {l.name}
            </button>
          ))}
          <button type="button" className="button button-small" onClick={add}>
            {t('layouts.add')}
          </button>
        </div>
        <Field label={t('layouts.name')}>{(control) => <input {...control} value={layout.name} onChange={(e) => change({ name: e.target.value })} />}</Field>
        <Field label={t('layouts.size')}>
          {(control) => (
            <select {...control} value={layout.size} onChange={(e) => change({ size: e.target.value as BadgeSize, customMm: e.target.value === 'custom' ? (layout.customMm ?? { width: 90, height: 120 }) : null })}>
              <Choices values={BADGE_SIZES} label={(s) => t(`badgeSize.${s}`)} />
            </select>
          )}
        </Field>
        {layout.customMm && (
          <div className="field-row">
            <Field label={t('layouts.widthMm')}>
              {(control) => <input {...control} type="number" min={50} max={210} value={layout.customMm!.width} onChange={(e) => change({ customMm: { ...layout.customMm!, width: Number(e.target.value) } })} />}
            </Field>
            <Field label={t('layouts.heightMm')}>
              {(control) => <input {...control} type="number" min={50} max={297} value={layout.customMm!.height} onChange={(e) => change({ customMm: { ...layout.customMm!, height: Number(e.target.value) } })} />}
            </Field>
          </div>
        )}
        <fieldset className="choice-group">
          <legend>{t('layouts.fields')}</legend>
          {BADGE_FIELDS.map((f) => (
            <label key={f} className="check">
              <input type="checkbox" checked={layout.fields[f]} onChange={(e) => change({ fields: { ...layout.fields, [f]: e.target.checked } })} /> {t(`layouts.field.${f}`)}
            </label>
          ))}
        </fieldset>
        <div className="field-row">
          <Field label={t('layouts.textColour')}>{(control) => <input {...control} type="color" value={layout.colours.text} onChange={(e) => change({ colours: { ...layout.colours, text: e.target.value.toUpperCase() } })} />}</Field>
          <Field label={t('layouts.background')}>
            {(control) => <input {...control} type="color" value={layout.colours.background} onChange={(e) => change({ colours: { ...layout.colours, background: e.target.value.toUpperCase() } })} />}
          </Field>
        </div>
        <fieldset className="choice-group">
          <legend>{index === 0 ? t('layouts.categoriesFirst') : t('layouts.categories')}</legend>
          {event.categories.map((c) => {
            const other = owner(c.id);
            return (
              <label key={c.id} className="check">
                <input
                  type="checkbox"
                  disabled={other !== undefined}
                  checked={layout.categories.includes(c.id)}
                  onChange={(e) => change({ categories: e.target.checked ? [...layout.categories, c.id] : layout.categories.filter((id) => id !== c.id) })}
                />{' '}
                {c.name[lang]}
                {other && <span className="field-hint"> {t('layouts.usedBy', { name: other.name })}</span>}
              </label>
            );
          })}
        </fieldset>
        <ErrorMessage error={error} />
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={() => void save()}>
            {t('layouts.save')}
          </button>
          {index > 0 && (
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                setLayouts(layouts.filter((_, i) => i !== index));
                setIndex(0);
              }}
            >
              {t('layouts.remove')}
            </button>
          )}
          {saved && <span className="message message-info">{t('layouts.saved')}</span>}
        </div>
      </section>
      <section className="card" aria-labelledby="layout-preview-title">
        <h2 className="section-title" id="layout-preview-title">
          {t('layouts.preview')}
        </h2>
        <Field label={t('layouts.sample')}>
          {(control) => (
            <select {...control} value={previewId ?? ''} onChange={(e) => setSampleId(e.target.value)}>
              {samples.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.nameZh ?? a.nameEn}
                </option>
              ))}
            </select>
          )}
        </Field>
        {previewId && <AttendeeBadge attendeeId={previewId} layout={layout} />}
      </section>
    </div>
  );
}
