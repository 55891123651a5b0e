import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/contract';
import { useCommand } from '../../api/context';
import { ActionCard } from '../../components/ActionCard';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { useBilingual } from '../../i18n';

/**
 * The event's kiosk rules, on the office's event screen (admin): where the staffed desk is — said in both languages on
 * every "please go to the desk" — and the categories whose badges are handed out only there. They travel to every kiosk.
 */
export function KioskRules({ event, onSaved }: { event: EventView; onSaved: () => void }) {
  const { t } = useTranslation();
  const { main } = useBilingual();
  const save = useCommand('event:setKioskRules');
  const [open, setOpen] = useState(false);
  const [zh, setZh] = useState(event.kiosk.deskWhere.zh);
  const [en, setEn] = useState(event.kiosk.deskWhere.en);
  const [categories, setCategories] = useState<string[]>(event.kiosk.deskCategories);
  const [saved, setSaved] = useState(false);
  const names = event.categories.filter((c) => event.kiosk.deskCategories.includes(c.id)).map((c) => main(c.name));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await save.run({ deskWhere: { zh: zh.trim(), en: en.trim() }, deskCategories: categories });
    if (result === null) return;
    setOpen(false);
    setSaved(true);
    onSaved();
  };

  return (
    <ActionCard
      id="kiosk-rules-title"
      title={t('kioskRules.title')}
      lead={t('kioskRules.lead')}
      actions={
        <button
          type="button"
          className="button"
          onClick={() => {
            setZh(event.kiosk.deskWhere.zh);
            setEn(event.kiosk.deskWhere.en);
            setCategories(event.kiosk.deskCategories);
            setSaved(false);
            setOpen(true);
          }}
        >
          {t('kioskRules.edit')}
        </button>
      }
    >
      <p className="kiosk-rules-now">{t('kioskRules.where', { where: main(event.kiosk.deskWhere) })}</p>
      <p className="kiosk-rules-now">{t('kioskRules.categories', { list: names.length > 0 ? names.join('、') : t('kioskRules.none') })}</p>
      {saved && (
        <div className="message message-ok" role="status">
          <p className="message-text">{t('kioskRules.saved')}</p>
        </div>
      )}
      {open && (
        <Modal title={t('kioskRules.title')} onClose={() => setOpen(false)}>
          <form className="form" onSubmit={(e) => void submit(e)} noValidate>
            <Field label={t('kioskRules.whereZh')}>{(control) => <input {...control} value={zh} maxLength={200} onChange={(e) => setZh(e.target.value)} />}</Field>
            <Field label={t('kioskRules.whereEn')}>{(control) => <input {...control} value={en} maxLength={300} onChange={(e) => setEn(e.target.value)} />}</Field>
            <fieldset className="choice-group kiosk-rules-categories">
              <legend>{t('kioskRules.deskCategories')}</legend>
              {event.categories.map((c) => (
                <label key={c.id} className="check">
                  <input
                    type="checkbox"
                    checked={categories.includes(c.id)}
                    onChange={(e) => setCategories((list) => (e.target.checked ? [...list, c.id] : list.filter((x) => x !== c.id)))}
                  />
                  {main(c.name)}
                </label>
              ))}
            </fieldset>
            <ErrorMessage error={save.error} />
            <div className="form-actions">
              <button type="button" className="button" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="button button-primary" disabled={save.busy || zh.trim() === '' || en.trim() === ''}>
                {t('kioskRules.save')}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </ActionCard>
  );
}
