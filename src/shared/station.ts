import { z } from 'zod';
import type { Lang } from './text';

/**
 * What a station's screen is for: the event office, a registration desk, the door of one activity, or the office's
 * live picture on a big screen (the whole event, read from three metres), or a self-service kiosk (issue #16).
 */
export const STATION_MODES = ['office', 'desk', 'door', 'dashboard', 'kiosk'] as const;
export type StationMode = (typeof STATION_MODES)[number];

export interface StationConfig {
  name: string;
  mode: StationMode | null;
  activityId: string | null;
  language: Lang;
}

export const stationConfigureSchema = z
  .object({
    name: z.string().trim().min(1).max(40).optional(),
    mode: z.enum(STATION_MODES),
    activityId: z.string().nullable().optional(),
  })
  .refine((v) => v.mode !== 'door' || (typeof v.activityId === 'string' && v.activityId.length > 0), {
    message: 'a door station must be bound to one activity',
    path: ['activityId'],
  });
