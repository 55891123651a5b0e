import type { ReactNode } from 'react';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

/**
 * A touch keypad: digits for a phone's last four, or digits and capital letters for a ticket code (what a
 * registration system prints; a kiosk's screen has no keyboard). Large targets; the value is shown above it.
 */
export function Keypad({ value, onChange, onSubmit, kind, max, ready, labels }: { value: string; onChange: (v: string) => void; onSubmit: () => void; kind: 'digits' | 'code'; max: number; ready: boolean; labels: { delete: ReactNode; ok: ReactNode } }) {
  const press = (key: string) => {
    if (value.length < max) onChange(value + key);
  };
  const keys = kind === 'digits' ? [...DIGITS, '0'] : [...DIGITS, '0', ...LETTERS, '-'];
  return (
    <div className={`kiosk-keypad kiosk-keypad-${kind}`}>
      <output className="kiosk-keypad-value" aria-live="polite">
        {kind === 'digits' ? Array.from({ length: max }, (_, i) => <span key={i} className="kiosk-digit">{value[i] ?? ''}</span>) : value || ' '}
      </output>
      <div className="kiosk-keys" role="group">
        {keys.map((k) => (
          <button key={k} type="button" className="kiosk-key" onClick={() => press(k)}>
            {k}
          </button>
        ))}
        <button type="button" className="kiosk-key kiosk-key-wide" onClick={() => onChange(value.slice(0, -1))} disabled={value === ''}>
          {labels.delete}
        </button>
        <button type="button" className="kiosk-key kiosk-key-ok" onClick={onSubmit} disabled={!ready}>
          {labels.ok}
        </button>
      </div>
    </div>
  );
}
