// Queries filtered by a long list of ids, run in chunks. A database binds at most so many
// parameters per statement (SQLite as Prisma drives it: 999), and an org's projects can number
// thousands, so `{ id: { in: ids } }` with every project id fails there.

/** Ids per statement: leaves room under SQLite's 999 for the query's other parameters. */
export const IDS_PER_QUERY = 500;

/** Runs `query` once per chunk of `ids` and concatenates the rows, in chunk order. */
export async function findInChunks<Id, Row>(ids: readonly Id[], query: (chunk: Id[]) => Promise<Row[]>, size = IDS_PER_QUERY): Promise<Row[]> {
  const rows: Row[] = [];
  for (let start = 0; start < ids.length; start += size) rows.push(...(await query(ids.slice(start, start + size))));
  return rows;
}
