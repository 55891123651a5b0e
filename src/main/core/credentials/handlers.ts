import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatch';
import { credentialChecker, issueCredential } from './credentials';
import type { KeyVault } from './keys';

export function credentialHandlers({ db }: ServiceContext, vault: KeyVault): Pick<Handlers, 'credential:issue' | 'credential:verify'> {
  const check = credentialChecker(db);
  return {
    'credential:issue': (input) => issueCredential(db, vault, input.attendeeId),
    'credential:verify': (input) => check(input.code),
  };
}
