/** Ascending order for Array.sort, by code unit for strings (SQLite's BINARY collation, the b-trees' order) or by value. */
export const ascending = <T extends string | bigint>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);
