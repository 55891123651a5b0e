import type { ScanOutcome } from '../../../shared/checkin';

export interface Tone {
  hz: number;
  ms: number;
  wave: 'sine' | 'square' | 'triangle';
}

/** A sound for each answer, told apart without looking: one high chirp, two middle beeps, one low buzz. */
export function tonesFor(outcome: ScanOutcome): Tone[] {
  switch (outcome) {
    case 'admitted':
      return [{ hz: 1320, ms: 110, wave: 'sine' }];
    case 'admitted_with_warning':
      return [
        { hz: 740, ms: 120, wave: 'triangle' },
        { hz: 0, ms: 70, wave: 'sine' },
        { hz: 740, ms: 120, wave: 'triangle' },
      ];
    case 'refused':
      return [{ hz: 196, ms: 480, wave: 'square' }];
  }
}

let context: AudioContext | null = null;

/** Plays an answer's tones through Web Audio (made on first use; a station without sound plays nothing). */
export function playAnswer(outcome: ScanOutcome): void {
  const Audio = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (Audio === undefined) return;
  context ??= new Audio();
  let at = context.currentTime;
  for (const tone of tonesFor(outcome)) {
    if (tone.hz > 0) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = tone.wave;
      oscillator.frequency.value = tone.hz;
      gain.gain.setValueAtTime(0.25, at);
      gain.gain.exponentialRampToValueAtTime(0.001, at + tone.ms / 1000);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + tone.ms / 1000);
    }
    at += tone.ms / 1000;
  }
}
