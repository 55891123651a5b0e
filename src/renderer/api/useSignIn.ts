import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AppError } from '../../shared/result';
import type { Role } from '../../shared/roles';
import { useApi } from './context';

/**
 * A name-and-PIN form's state and its submit: the sign-in screen's, and a supervisor's taking over a door (`atLeast`).
 * A refusal is kept to show and the PIN cleared; success is the caller's to follow.
 */
export function useSignIn(onSignedIn: () => void, atLeast?: Role) {
  const api = useApi();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const ready = name.trim() !== '' && pin !== '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    const result = await api.call('session:signIn', { name: name.trim(), pin, ...(atLeast ? { atLeast } : {}) });
    setBusy(false);
    if (result.ok) {
      onSignedIn();
      return;
    }
    setError(result.error);
    setPin('');
  };

  return { name, setName, pin, setPin, error, busy, ready, submit };
}
