import type { Command } from './commands';
import type { Result } from './result';

/** What the preload exposes to the renderer as `window.lanyard`: one typed door into the contract, nothing else. */
export interface LanyardBridge {
  call(command: Command, input: unknown): Promise<Result<unknown>>;
}
