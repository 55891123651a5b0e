import type { PrinterView } from '../../../shared/printing';

/**
 * A place badges are printed: CUPS on Linux and macOS (cups.ts), Electron's webContents.print on Windows
 * (main/app/printing.ts). A spooler accepting a job is not the badge being printed: only `completed` is.
 */
/** Where a submitted job is. `unknown` when the spooler can no longer tell (the Electron printer never can). */
export type SpoolState = 'pending' | 'processing' | 'held' | 'stopped' | 'completed' | 'cancelled' | 'aborted' | 'unknown';

export interface PrintRequest {
  printer: string;
  pdf: Buffer;
  /** The same badge as SVG in PDF points, for a printer that prints web content (Electron's). */
  svg: string;
  title: string;
  /** The badge's page in millimetres, sent as the job's media size. */
  mediaMm: { width: number; height: number };
}

export interface Printer {
  /** Which spooler this is, for the print log. */
  readonly kind: string;
  list(): Promise<PrinterView[]>;
  submit(request: PrintRequest): Promise<{ spoolId: string }>;
  jobState(spoolId: string): Promise<SpoolState>;
  cancel(spoolId: string): Promise<void>;
}

