import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatch';
import { searchAttendees } from './repo';

export function searchHandlers({ db }: ServiceContext): Pick<Handlers, 'roster:search'> {
  return {
    'roster:search': (input) => searchAttendees(db, input),
  };
}
