// Reads rows for a long list of keys in slices: Prisma on SQLite refuses a query with more than
// ~999 bound parameters (measured: 900 ids pass, 997 fail), and a shared identity can be attached
// to thousands of resources or controlled by thousands of principals.
import "server-only";

export const IN_LIST_CHUNK = 400;

export async function findInChunks<K, R>(
  keys: Iterable<K>,
  read: (chunk: K[]) => Promise<R[]>,
  size: number = IN_LIST_CHUNK,
): Promise<R[]> {
  const all = [...new Set(keys)];
  const rows: R[] = [];
  for (let i = 0; i < all.length; i += size) rows.push(...(await read(all.slice(i, i + size))));
  return rows;
}
