import type { Command } from './commands';
import type { Input, Output } from './contract';
import type { Result } from './result';

/** How a renderer reaches main: Electron IPC through the preload, or HTTP. Screens never know which. */
export interface Transport {
  call(command: Command, input: unknown): Promise<Result<unknown>>;
}

export interface Api {
  call<C extends Command>(command: C, input: Input<C>): Promise<Result<Output<C>>>;
}

export function createApi(transport: Transport): Api {
  return {
    call: (command, input) => transport.call(command, input) as never,
  };
}
