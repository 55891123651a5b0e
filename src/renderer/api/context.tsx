import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { Api } from '../../shared/api';
import type { Command } from '../../shared/commands';
import type { Input, Output } from '../../shared/contract';
import type { AppError, Result } from '../../shared/result';

const ApiContext = createContext<Api | null>(null);

export function ApiProvider({ api, children }: { api: Api; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiProvider>');
  return api;
}

/** Wraps an Api so that any answer saying the session is gone reaches the app, which then shows the sign-in screen. */
export function watchSession(api: Api, onSessionLost: () => void): Api {
  return {
    async call(command, input) {
      const result = await api.call(command, input);
      if (!result.ok && result.error.code === 'unauthenticated') onSessionLost();
      return result;
    },
  };
}

export interface Query<T> {
  /** null while the first answer is on its way. */
  result: Result<T> | null;
  reload: () => void;
}

/** Calls a read command on mount (and on reload) and keeps its latest answer. */
export function useQuery<C extends Command>(command: C, input: Input<C>): Query<Output<C>> {
  const api = useApi();
  const [result, setResult] = useState<Result<Output<C>> | null>(null);
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(input);
  useEffect(() => {
    let current = true;
    void api.call(command, JSON.parse(key) as Input<C>).then((r) => {
      if (current) setResult(r);
    });
    return () => {
      current = false;
    };
  }, [api, command, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { result, reload };
}

/** A query asked again every `everyMs` while its screen shows it: what other stations change arrives by itself. */
export function usePolledQuery<C extends Command>(command: C, input: Input<C>, everyMs: number): Query<Output<C>> {
  const query = useQuery(command, input);
  const { reload } = query;
  useEffect(() => {
    const timer = setInterval(reload, everyMs);
    return () => clearInterval(timer);
  }, [reload, everyMs]);
  return query;
}

export interface CommandRunner<C extends Command> {
  /** Calls the command; its value, or null with `error` set. */
  run: (input: Input<C>) => Promise<Output<C> | null>;
  busy: boolean;
  error: AppError | null;
}

/** A form's one command: busy while it runs (its button disabled), its error kept to show, cleared on success. */
export function useCommand<C extends Command>(command: C): CommandRunner<C> {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const run = useCallback(
    async (input: Input<C>) => {
      setBusy(true);
      const result = await api.call(command, input);
      setBusy(false);
      setError(result.ok ? null : result.error);
      return result.ok ? result.value : null;
    },
    [api, command],
  );
  return { run, busy, error };
}
