import type { CredentialCheck } from '../../../shared/credential';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatch';
import { issueCredential } from './credentials';
import type { KeyVault } from './keys';

export function credentialHandlers({ db }: ServiceContext, vault: KeyVault, check: (raw: string) => CredentialCheck): Pick<Handlers, 'credential:issue' | 'credential:verify'> {
  return {
    'credential:issue': (input) => issueCredential(db, vault, input.attendeeId),
    'credential:verify': (input) => check(input.code),
  };
}
