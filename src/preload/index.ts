import { contextBridge, ipcRenderer } from 'electron';
import type { LanyardBridge } from '../shared/bridge';
import { isCommand } from '../shared/commands';
import type { Result } from '../shared/result';
import { err } from '../shared/result';

/** Only contract commands reach main; a name outside the contract is answered here and never sent. */
const bridge: LanyardBridge = {
  call(command, input) {
    if (!isCommand(command)) return Promise.resolve(err('unknown_command', `no command "${String(command)}"`));
    return ipcRenderer.invoke(command, input) as Promise<Result<unknown>>;
  },
};

contextBridge.exposeInMainWorld('lanyard', bridge);
