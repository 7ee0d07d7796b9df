import { DomainError } from '../errors/domain-error';
import { decodeCursor, encodeCursor, toConnection } from './pagination';

describe('cursor pagination', () => {
  it('round-trips a cursor and refuses foreign ones with INVALID_CURSOR', () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(() => decodeCursor('bm9wZQ')).toThrow(DomainError);
    try {
      decodeCursor('bm9wZQ');
    } catch (error) {
      expect((error as DomainError).code).toBe('INVALID_CURSOR');
      expect((error as DomainError).httpStatus).toBe(400);
    }
  });

  it('builds a page from first + 1 rows', async () => {
    const rows = [{ n: 9 }, { n: 8 }, { n: 7 }];
    const page = toConnection(rows, 2, async () => 10, (row) => row.n, (row) => row.n * 10);
    expect(page).toMatchObject({ nodes: [90, 80], pageInfo: { hasNextPage: true, endCursor: encodeCursor(8) } });
    expect(await page.totalCount).toBe(10);
    expect(toConnection([], 2, async () => 0, (row: { n: number }) => row.n, (row) => row).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('counts only when totalCount is asked for, and once', async () => {
    let counts = 0;
    const page = toConnection([{ n: 1 }], 5, async () => ++counts, (row) => row.n, (row) => row);
    expect(counts).toBe(0);
    expect(await page.totalCount).toBe(1);
    expect(await page.totalCount).toBe(1);
    expect(counts).toBe(1);
  });
});
