import type { Transport } from '../../shared/api';
import type { LanyardBridge } from '../../shared/bridge';
import type { Command } from '../../shared/commands';
import type { AppError, Result } from '../../shared/result';
import { err } from '../../shared/result';

export function isUnreachable(error: AppError): boolean {
  return error.code === 'unreachable';
}

const unreachable = (message: string): Result<never> => err('unreachable', message);

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { ok?: unknown; value?: unknown; error?: { code?: unknown } };
  return r.ok === true ? 'value' in r : r.ok === false && typeof r.error?.code === 'string';
}

function sessionToken(value: unknown): string | null {
  const token = typeof value === 'object' && value !== null ? (value as { token?: unknown }).token : undefined;
  return typeof token === 'string' && token.length > 0 ? token : null;
}

const SESSION_OPENERS: ReadonlySet<Command> = new Set<Command>(['session:signIn', 'operator:createFirstAdmin', 'kiosk:start']);
const TOKEN_KEY = 'lanyard.sessionToken';

export type TokenStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface HttpTransportOptions {
  fetch?: typeof fetch;
  /** Where the session token lives; sessionStorage keeps it across a reload of this tab only. */
  storage?: TokenStore;
  baseUrl?: string;
}

/** The contract over HTTP (browser tests, other stations): the session token is kept here, never by the screens. */
export function httpTransport({ fetch: fetchFn = (...args) => fetch(...args), storage = sessionStorage, baseUrl = '' }: HttpTransportOptions = {}): Transport {
  const remember = (command: Command, result: Result<unknown>) => {
    if (result.ok) {
      const token = SESSION_OPENERS.has(command) ? sessionToken(result.value) : null;
      if (token) storage.setItem(TOKEN_KEY, token);
      else if (command === 'session:signOut') storage.removeItem(TOKEN_KEY);
      // The station forgets sessions on restart; its status then reports none for our token.
      else if (command === 'app:status' && (result.value as { session?: unknown }).session === null) storage.removeItem(TOKEN_KEY);
    } else if (result.error.code === 'unauthenticated' || command === 'session:signOut') {
      storage.removeItem(TOKEN_KEY);
    }
  };

  return {
    async call(command, input) {
      const token = storage.getItem(TOKEN_KEY);
      let response: Response;
      try {
        response = await fetchFn(`${baseUrl}/api/${encodeURIComponent(command)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return unreachable('the station did not answer');
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return unreachable(`the station answered ${response.status} without a result`);
      }
      if (!isResult(body)) return unreachable(`the station answered ${response.status} without a result`);
      remember(command, body);
      return body;
    },
  };
}

/** The preload's `window.lanyard`, when this renderer runs inside the Electron station. */
function preloadBridge(host: object): Transport | null {
  const bridge: unknown = Reflect.get(host, 'lanyard');
  if (typeof bridge !== 'object' || bridge === null) return null;
  const call: unknown = Reflect.get(bridge, 'call');
  if (typeof call !== 'function') return null;
  return {
    async call(command, input) {
      try {
        return await (call as LanyardBridge['call']).call(bridge, command, input);
      } catch {
        return unreachable('the station did not answer');
      }
    },
  };
}

/** IPC through the preload inside Electron, HTTP in a browser; the screens get the same typed Api either way. */
export function createTransport(host: Window = window): Transport {
  return preloadBridge(host) ?? httpTransport();
}
