import { useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DOCUMENT_TYPES, REGIONS } from '../../../shared/attendee';
import type { DocumentType, Region } from '../../../shared/attendee';
import type { EventView } from '../../../shared/contract';
import { DOCUMENT_PROBLEMS } from '../../../shared/identity';
import type { AppError } from '../../../shared/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { useBilingual } from '../../i18n';
import type { AttendeeFormValues, FieldErrors } from './attendeeForm';
import { fieldProblems } from './attendeeForm';

const PROBLEM_CODES = [
  'name_required',
  'phone_invalid',
  'document_type_required',
  'category_unknown',
  'activity_unknown',
  ...DOCUMENT_PROBLEMS,
] as const;

function problemText(t: TFunction, code: string | null): string {
  const known = PROBLEM_CODES.find((c) => c === code);
  return known ? t(`fieldProblem.${known}`) : t('fieldProblem.invalid');
}

export function errorsOf(t: TFunction, error: AppError): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of fieldProblems(error)) errors[p.field] ??= problemText(t, p.code);
  return errors;
}

/** Which fields a form shows: the desk's walk-in needs only what identifies and admits someone. */
export type FormKind = 'edit' | 'walkIn';

interface Props {
  kind: FormKind;
  initial: AttendeeFormValues;
  event: EventView;
  /** Resolves to the station's refusal, or null when it was saved. */
  onSubmit: (values: AttendeeFormValues) => Promise<AppError | null>;
  onCancel: () => void;
  validate?: (values: AttendeeFormValues) => FieldErrors;
}

/** The attendee's fields; Enter or Ctrl+Enter from anywhere saves, each refusal is shown at its field. */
export function AttendeeForm({ kind, initial, event, onSubmit, onCancel, validate }: Props) {
  const { t } = useTranslation();
  const { main } = useBilingual();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof AttendeeFormValues>(key: K, value: AttendeeFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    const local = validate?.(values) ?? {};
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    const refused = await onSubmit(values);
    setBusy(false);
    setError(refused);
    if (refused) setErrors(errorsOf(t, refused));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && e.ctrlKey) {
      e.preventDefault();
      void submit();
    }
  };

  const text = (key: 'nameZh' | 'nameEn' | 'orgZh' | 'orgEn' | 'title' | 'phone' | 'email' | 'documentNumber' | 'attention', type = 'text') => (
    <Field label={t(`attendeeForm.${key}`)} error={errors[key]}>
      {(control) => <input {...control} type={type} value={values[key]} onChange={(e) => set(key, e.target.value)} />}
    </Field>
  );

  const toggleActivity = (id: string, on: boolean) => set('registrations', on ? [...values.registrations, id] : values.registrations.filter((r) => r !== id));

  return (
    <form className="form attendee-form" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate>
      <div className="field-row">
        {text('nameZh')}
        {text('nameEn')}
      </div>
      <div className="field-row">
        {text('orgZh')}
        {kind === 'edit' && text('orgEn')}
        {kind === 'edit' && text('title')}
      </div>
      <div className="field-row">
        <Field label={t('attendeeForm.categoryId')} error={errors.categoryId}>
          {(control) => (
            <select {...control} value={values.categoryId} onChange={(e) => set('categoryId', e.target.value)}>
              {event.categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {main(c.name)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('attendeeForm.region')} error={errors.region}>
          {(control) => (
            <select {...control} value={values.region} onChange={(e) => set('region', e.target.value as Region)}>
              {REGIONS.map((r) => (
                <option key={r} value={r}>
                  {t(`region.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('phone', 'tel')}
        {kind === 'edit' && text('email', 'email')}
      </div>
      <div className="field-row">
        <Field label={t('attendeeForm.documentType')} error={errors.documentType}>
          {(control) => (
            <select {...control} value={values.documentType} onChange={(e) => set('documentType', e.target.value as DocumentType | '')}>
              <option value="">{t('attendeeForm.noDocument')}</option>
              {DOCUMENT_TYPES.map((d) => (
                <option key={d} value={d}>
                  {t(`documentType.${d}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('documentNumber')}
      </div>
      <fieldset className="choice-group">
        <legend>{t('attendeeForm.registrations')}</legend>
        <div className="choice-row">
          {event.activities.map((a) => (
            <label key={a.id} className="check">
              <input type="checkbox" checked={values.registrations.includes(a.id)} onChange={(e) => toggleActivity(a.id, e.target.checked)} />
              {main(a.shortTitle)}
            </label>
          ))}
        </div>
        {errors.registrations && <p className="field-error">{errors.registrations}</p>}
      </fieldset>
      {kind === 'edit' && text('attention')}
      <ErrorMessage error={error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {kind === 'edit' ? t('common.save') : t('walkIn.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <span className="muted">{t('attendeeForm.keys')}</span>
      </div>
    </form>
  );
}
