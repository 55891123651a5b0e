import type { EventFile } from '../../../shared/event';
import { eventFileSchema } from '../../../shared/event';
import { AppFailure } from '../../../shared/result';
import { zodProblems } from '../../../shared/text';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatch';
import { getEventView, patchActivity, readEventFile, writeEventFile } from './repo';

/** Validates an event file, naming every wrong field by its path. */
export function parseEventFile(input: unknown): EventFile {
  const parsed = eventFileSchema.safeParse(input);
  if (!parsed.success) {
    const problems = zodProblems(parsed.error);
    throw new AppFailure('invalid_event', `the event file has ${problems.length} problem(s): ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  return parsed.data;
}

export function eventHandlers({ db, now, audit }: ServiceContext): Pick<Handlers, 'event:get' | 'event:export' | 'event:import' | 'event:updateActivity'> {
  return {
    'event:get': () => getEventView(db, now()),

    'event:export': () => readEventFile(db),

    'event:import': (input, ctx) => {
      const file = parseEventFile(input.file);
      db.tx(() => {
        const before = readEventFile(db);
        writeEventFile(db, file, now());
        audit(ctx, { action: 'event.import', entity: 'event', entityId: file.event.id, before, after: file });
      });
      return getEventView(db, now());
    },

    'event:updateActivity': (input, ctx) => {
      const id = db.tx(() => {
        const { before, after } = patchActivity(db, input);
        // The edited activity must still make a valid event (its day inside the event dates, end after start).
        parseEventFile(readEventFile(db));
        audit(ctx, { action: 'event.updateActivity', entity: 'activity', entityId: input.id, before, after });
        return after.id;
      });
      const view = getEventView(db, now()).activities.find((a) => a.id === id);
      if (!view) throw new AppFailure('not_found', `no activity "${id}"`);
      return view;
    },
  };
}
