export const REGIONS = ['mainland', 'hong_kong', 'macao', 'taiwan', 'abroad'] as const;
export type Region = (typeof REGIONS)[number];

export const DOCUMENT_TYPES = ['cn_id', 'hk_mo_permit', 'tw_permit', 'passport', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const ATTENDEE_SOURCES = ['import', 'walk_in', 'demo'] as const;
export type AttendeeSource = (typeof ATTENDEE_SOURCES)[number];

export const ATTENDEE_STATUSES = ['active', 'cancelled'] as const;
export type AttendeeStatus = (typeof ATTENDEE_STATUSES)[number];

/** An attendee as the roster stores it; personal numbers are masked before they leave main (issue #3). */
export interface AttendeeRecord {
  id: string;
  nameZh: string | null;
  nameEn: string | null;
  orgZh: string | null;
  orgEn: string | null;
  title: string | null;
  categoryId: string;
  region: Region;
  phone: string | null;
  email: string | null;
  documentType: DocumentType | null;
  documentNumber: string | null;
  externalId: string | null;
  attention: string | null;
  status: AttendeeStatus;
  source: AttendeeSource;
  isDemo: boolean;
  registrations: string[];
  ticketCodes: string[];
}
