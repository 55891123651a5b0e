import type { Transport } from './api';

/** What the preload exposes to the renderer as `window.lanyard`: a Transport into the contract, nothing else. */
export type LanyardBridge = Transport;
