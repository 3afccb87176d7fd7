import { z } from 'zod';

/** PeerTube's list parameters: `start` ≥ 0, `count` 1..100 (default 15), `sort` with `-` for descending. */
export function paginationSchema<const S extends readonly [string, ...string[]]>(sortable: S, defaultSort: S[number] | `-${S[number]}`) {
  const sorts = sortable.flatMap((s) => [s, `-${s}`]) as [string, ...string[]];
  return z.object({
    start: z.coerce.number().int().min(0).default(0),
    count: z.coerce.number().int().min(0).max(100).default(15),
    sort: z.enum(sorts).default(defaultSort),
  });
}

export type Pagination = { start: number; count: number; sort: string };

/** Splits `-createdAt` into its field and direction. */
export function parseSort(sort: string): { field: string; desc: boolean } {
  return sort.startsWith('-') ? { field: sort.slice(1), desc: true } : { field: sort, desc: false };
}

export type ResultList<T> = { total: number; data: T[] };
