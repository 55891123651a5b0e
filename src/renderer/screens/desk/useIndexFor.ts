import { useState } from 'react';

/**
 * A list position that belongs to the list it was chosen in: when `owner` changes (new hits, another sort) it reads 0
 * again, with no effect to reset it — an effect ran after the next key press when answers came fast, and undid it.
 */
export function useIndexFor<T>(owner: T): [number, (index: number) => void] {
  const [choice, setChoice] = useState<{ owner: T; index: number }>({ owner, index: 0 });
  return [choice.owner === owner ? choice.index : 0, (index) => setChoice({ owner, index })];
}
