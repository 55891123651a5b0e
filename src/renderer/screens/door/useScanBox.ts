import { useRef } from 'react';
import type { CompositionEvent, FocusEvent, KeyboardEvent } from 'react';
import { isTerminator } from './scanGate';

/**
 * The always-focused box a USB hand scanner types into (a door's, a kiosk's): a burst ended by Enter or Tab is one code;
 * what an input method composes is dropped; the focus comes back to the box unless it went where `mayTakeFocus` allows
 * (a dialog, a search field). Spread `props` on the input; `refocus` gives the focus back after a touch elsewhere.
 */
export function useScanBox(onCode: (code: string) => void, mayTakeFocus: (to: HTMLElement) => boolean) {
  const input = useRef<HTMLInputElement>(null);
  const composing = useRef(false);
  const refocus = () => setTimeout(() => input.current?.focus(), 0);
  const props = {
    ref: input,
    autoComplete: 'off',
    spellCheck: false,
    onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => {
      if (!isTerminator(e.key) || composing.current || e.nativeEvent.isComposing) return;
      e.preventDefault();
      const code = e.currentTarget.value;
      e.currentTarget.value = '';
      onCode(code);
    },
    onCompositionStart: () => {
      composing.current = true;
    },
    onCompositionEnd: (e: CompositionEvent<HTMLInputElement>) => {
      composing.current = false;
      e.currentTarget.value = '';
    },
    onBlur: (e: FocusEvent<HTMLInputElement>) => {
      if (!(e.relatedTarget instanceof HTMLElement && mayTakeFocus(e.relatedTarget))) refocus();
    },
  };
  return { input, props, refocus };
}
