import { z } from 'zod';

export const PRINT_JOB_STATES = ['queued', 'sent', 'printed', 'failed', 'cancelled'] as const;
export type PrintJobState = (typeof PRINT_JOB_STATES)[number];

export const PRINTER_STATES = ['idle', 'printing', 'stopped', 'unknown'] as const;
export type PrinterState = (typeof PRINTER_STATES)[number];

export interface PrinterView {
  name: string;
  state: PrinterState;
  accepting: boolean;
  message: string | null;
}

/** One badge sent to one printer: the print queue and, per attendee, the print log. */
export interface PrintJobView {
  id: string;
  attendeeId: string;
  attendeeName: string;
  badgeVersion: number;
  printer: string;
  state: PrintJobState;
  spoolId: string | null;
  attempts: number;
  error: string | null;
  reprintReason: string | null;
  confirmedBy: 'spooler' | 'operator' | null;
  createdAt: string;
  updatedAt: string;
  printedAt: string | null;
}

export interface PrintQueueView {
  printers: PrinterView[];
  /** Printers the station could not ask (no spooler), with why. */
  printerError: string | null;
  jobs: PrintJobView[];
}

const id = z.string().trim().min(1).max(40);
const printer = z.string().trim().min(1).max(127);

export const printSubmitSchema = z.object({ attendeeId: id, printer }).strict();
export const printReprintSchema = z.object({ attendeeId: id, printer, reason: z.string().trim().min(3, 'say why the badge is printed again').max(300) }).strict();
export const printJobSchema = z.object({ jobId: id }).strict();
export const printMoveSchema = z.object({ jobId: id, printer }).strict();
export const printLogSchema = z.object({ attendeeId: id }).strict();
