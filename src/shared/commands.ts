/**
 * The names of every command of the contract. Kept free of zod so the preload can expose them without
 * bundling schemas; `contract.ts` is typed against this list, so the two cannot drift apart.
 */
export const COMMANDS = [
  'app:status',
  'operator:createFirstAdmin',
  'session:signIn',
  'session:signOut',
  'station:setLanguage',
  'station:configure',
  'event:get',
  'event:export',
  'event:import',
  'event:updateActivity',
  'operator:list',
  'operator:create',
  'operator:setActive',
  'operator:resetPin',
  'audit:list',
  'demo:generate',
  'demo:remove',
  'roster:search',
  'roster:get',
  'roster:list',
  'roster:update',
  'roster:createWalkIn',
  'roster:cancel',
  'roster:restore',
  'roster:revealPersonal',
  'roster:export',
  'roster:importPreview',
  'roster:importCommit',
  'roster:importStart',
  'roster:importStatus',
  'roster:importCancel',
  'credential:issue',
  'credential:verify',
  'badge:pdf',
  'badge:preview',
  'badge:batchPlan',
  'badge:saveLayouts',
  'badge:collect',
  'print:printers',
  'print:submit',
  'print:reprint',
  'print:queue',
  'print:retry',
  'print:move',
  'print:confirm',
  'print:cancel',
  'print:log',
  'scan:record',
  'scan:override',
  'scan:undo',
  'scan:counts',
  'checkin:arrive',
] as const;

export type Command = (typeof COMMANDS)[number];

export function isCommand(name: unknown): name is Command {
  return typeof name === 'string' && (COMMANDS as readonly string[]).includes(name);
}
