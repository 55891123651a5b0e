import type { DocumentType, Region } from '../../../shared/attendee';
import type { AttendeeDetail, AttendeePatch, WalkIn } from '../../../shared/roster';
import type { AppError } from '../../../shared/result';

/** The form's text as typed; blank means none. */
export interface AttendeeFormValues {
  nameZh: string;
  nameEn: string;
  orgZh: string;
  orgEn: string;
  title: string;
  categoryId: string;
  region: Region;
  phone: string;
  email: string;
  documentType: DocumentType | '';
  documentNumber: string;
  registrations: string[];
  attention: string;
}

export type FieldErrors = Partial<Record<keyof AttendeeFormValues, string>>;

export function valuesOf(a: AttendeeDetail): AttendeeFormValues {
  return {
    nameZh: a.nameZh ?? '',
    nameEn: a.nameEn ?? '',
    orgZh: a.orgZh ?? '',
    orgEn: a.orgEn ?? '',
    title: a.title ?? '',
    categoryId: a.categoryId,
    region: a.region,
    phone: a.phone ?? '',
    email: a.email ?? '',
    documentType: a.documentType ?? '',
    documentNumber: a.documentNumber ?? '',
    registrations: a.registrations,
    attention: a.attention ?? '',
  };
}

export function emptyValues(categoryId: string): AttendeeFormValues {
  return { nameZh: '', nameEn: '', orgZh: '', orgEn: '', title: '', categoryId, region: 'mainland', phone: '', email: '', documentType: '', documentNumber: '', registrations: [], attention: '' };
}

const TEXT_FIELDS = ['nameZh', 'nameEn', 'orgZh', 'orgEn', 'title', 'phone', 'email', 'documentNumber', 'attention'] as const;

/**
 * Only what the operator changed: the phone and document number arrive masked, so sending them back unchanged
 * would overwrite the real numbers with stars.
 */
export function patchOf(before: AttendeeFormValues, after: AttendeeFormValues): AttendeePatch {
  const patch: AttendeePatch = {};
  for (const key of TEXT_FIELDS) if (after[key] !== before[key]) patch[key] = after[key];
  if (after.categoryId !== before.categoryId) patch.categoryId = after.categoryId;
  if (after.region !== before.region) patch.region = after.region;
  if (after.documentType !== before.documentType) patch.documentType = after.documentType === '' ? null : after.documentType;
  if (after.registrations.join() !== before.registrations.join()) patch.registrations = after.registrations;
  return patch;
}

export function walkInOf(v: AttendeeFormValues): WalkIn {
  return {
    nameZh: v.nameZh,
    nameEn: v.nameEn,
    orgZh: v.orgZh,
    categoryId: v.categoryId,
    region: v.region,
    phone: v.phone,
    documentType: v.documentType === '' ? null : v.documentType,
    documentNumber: v.documentNumber,
    registrations: v.registrations,
  };
}

/** The one check the desk can make before asking: somebody has to be named. */
export function missingName(v: AttendeeFormValues): boolean {
  return v.nameZh.trim() === '' && v.nameEn.trim() === '';
}

const FIELD_NAMES: ReadonlySet<string> = new Set<string>([...TEXT_FIELDS, 'categoryId', 'region', 'documentType', 'registrations']);

/** The field a problem names ('patch.email', 'registrations[1]' → email, registrations) and its code, when it has one. */
export function fieldProblems(error: AppError): Array<{ field: keyof AttendeeFormValues; code: string | null }> {
  if (error.code !== 'invalid_input' || !Array.isArray(error.details)) return [];
  return (error.details as Array<{ path?: unknown; code?: unknown }>).flatMap((p) => {
    const field = String(p.path ?? '')
      .replace(/^patch\./, '')
      .replace(/\[\d+\]$/, '');
    return FIELD_NAMES.has(field) ? [{ field: field as keyof AttendeeFormValues, code: typeof p.code === 'string' ? p.code : null }] : [];
  });
}
