import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatch';
import { indexMissingAttendees, searchAttendees } from './repo';

export function searchHandlers({ db }: ServiceContext): Pick<Handlers, 'roster:search'> {
  // A database written before the index existed is indexed once, when the station starts.
  indexMissingAttendees(db);
  return {
    'roster:search': (input) => searchAttendees(db, input),
  };
}
