import { useState } from 'react';
import { useQuery } from '../../api/context';
import { Choices } from '../../components/Choices';
import { Field } from '../../components/Field';

export interface PrinterChoice {
  names: string[];
  /** The printer picked, else the first the station has; '' when it has none. */
  chosen: string;
  choose: (name: string) => void;
}

/** The station's printers and the one the operator picked, for a screen that sends badges to a printer. */
export function usePrinterChoice(): PrinterChoice {
  const printers = useQuery('print:printers', {});
  const [picked, choose] = useState('');
  const names = printers.result?.ok ? printers.result.value.map((p) => p.name) : [];
  return { names, chosen: picked || names[0] || '', choose };
}

export function PrinterField({ label, choice }: { label: string; choice: PrinterChoice }) {
  return (
    <Field label={label}>
      {(control) => (
        <select {...control} value={choice.chosen} onChange={(e) => choice.choose(e.target.value)} disabled={choice.names.length === 0}>
          <Choices values={choice.names} label={(name) => name} />
        </select>
      )}
    </Field>
  );
}
