import type { AppStatus } from '../../../shared/contract';
import { AppFailure } from '../../../shared/result';
import { listAudit } from '../audit/repo';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatch';
import { getActivity, getEventInfo } from '../event/repo';
import { sessionInfo } from '../operators/handlers';
import { countOperators } from '../operators/repo';
import { countAttendees } from '../roster/repo';
import { getStationConfig, setStationConfig } from './repo';

export function stationHandlers({ db, version, audit }: ServiceContext): Pick<Handlers, 'app:status' | 'station:setLanguage' | 'station:configure' | 'audit:list'> {
  return {
    'app:status': (_input, ctx): AppStatus => {
      const info = getEventInfo(db);
      return {
        eventName: info.name,
        eventDates: { start: info.startDate, end: info.endDate },
        needsAdmin: countOperators(db) === 0,
        station: getStationConfig(db),
        session: ctx.session ? sessionInfo(ctx.session) : null,
        attendees: countAttendees(db),
        version,
      };
    },

    'station:setLanguage': (input, ctx) => {
      const before = getStationConfig(db);
      if (before.language === input.language) return before;
      db.tx(() => {
        setStationConfig(db, { language: input.language });
        audit(ctx, { action: 'station.setLanguage', entity: 'station', before: { language: before.language }, after: { language: input.language } });
      });
      return getStationConfig(db);
    },

    'station:configure': (input, ctx) => {
      const activityId = input.mode === 'door' ? (input.activityId ?? null) : null;
      if (activityId !== null && !getActivity(db, activityId)) throw new AppFailure('not_found', `no activity "${activityId}"`);
      const before = getStationConfig(db);
      db.tx(() => {
        setStationConfig(db, { mode: input.mode, activityId, ...(input.name ? { name: input.name } : {}) });
        audit(ctx, { action: 'station.configure', entity: 'station', before, after: getStationConfig(db) });
      });
      return getStationConfig(db);
    },

    'audit:list': (input) => listAudit(db, input),
  };
}
