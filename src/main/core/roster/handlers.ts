import { AppFailure } from '../../../shared/result';
import type { ServiceContext } from '../context';
import { generateDemoAttendees } from '../demo/generate';
import type { Handlers } from '../dispatch';
import { readEventFile } from '../event/repo';
import { readSyncState } from '../sync/log';
import { isFileDatabase } from '../threads';
import { forgetPersonalData } from './forget';
import { countAttendees, deleteDemoAttendees, insertAttendees } from './repo';

export function rosterHandlers({ db, now, audit }: ServiceContext): Pick<Handlers, 'demo:generate' | 'demo:remove' | 'roster:forget'> {
  return {
    // The screen asks twice before it sends this; the command needs `confirm: true` and cannot be undone.
    'roster:forget': (input, ctx) => {
      const role = readSyncState(db)?.role;
      if (role === 'desk' || role === 'door') throw new AppFailure('conflict', 'this station is paired with a hub: the event ends on the hub, which tells every station to delete its copy of the roster');
      const file = isFileDatabase(db) ? db.raw.name : null;
      return forgetPersonalData(db, file, now(), { names: input.names }, (result) => audit(ctx, { action: 'roster.forget', entity: 'attendee', after: result }));
    },

    'demo:generate': (input, ctx) => {
      const attendees = generateDemoAttendees({ event: readEventFile(db), count: input.attendees, ...(input.seed === undefined ? {} : { seed: input.seed }) });
      db.tx(() => {
        if (countAttendees(db).demo > 0) throw new AppFailure('conflict', 'demo attendees exist already; remove them first');
        insertAttendees(db, attendees, now());
        audit(ctx, { action: 'demo.generate', entity: 'attendee', after: { created: attendees.length, seed: input.seed ?? null } });
      });
      return { created: attendees.length };
    },

    'demo:remove': (_input, ctx) => {
      const removed = db.tx(() => {
        const n = deleteDemoAttendees(db);
        audit(ctx, { action: 'demo.remove', entity: 'attendee', before: { demo: n } });
        return n;
      });
      return { removed };
    },
  };
}
