/**
 * Session roles, least to most trusted. A command names the least role it needs. A kiosk is the least of all: a
 * session a supervisor opens on a self-service station, allowed the kiosk's own commands and nothing a door or a
 * desk may do. It is no operator's role: nobody signs in as a kiosk.
 */
export const ROLES = ['kiosk', 'door', 'desk', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The roles an operator can have. */
export const OPERATOR_ROLES = ['door', 'desk', 'supervisor', 'admin'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** 'public' commands need no sign-in (status, sign-in itself, first-start admin setup). */
export type RequiredRole = Role | 'public';

const rank: Record<Role, number> = { kiosk: 0, door: 1, desk: 2, supervisor: 3, admin: 4 };

export function roleAllows(has: Role, needs: RequiredRole): boolean {
  return needs === 'public' || rank[has] >= rank[needs];
}
