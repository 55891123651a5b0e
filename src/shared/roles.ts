/** Operator roles, least to most trusted. A command names the least role it needs. */
export const ROLES = ['door', 'desk', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** 'public' commands need no sign-in (status, sign-in itself, first-start admin setup). */
export type RequiredRole = Role | 'public';

const rank: Record<Role, number> = { door: 1, desk: 2, supervisor: 3, admin: 4 };

export function roleAllows(has: Role, needs: RequiredRole): boolean {
  return needs === 'public' || rank[has] >= rank[needs];
}
