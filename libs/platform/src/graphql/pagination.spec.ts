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

  it('builds a page from first + 1 rows', () => {
    const rows = [{ n: 9 }, { n: 8 }, { n: 7 }];
    const page = toConnection(rows, 2, 10, (row) => row.n, (row) => row.n * 10);
    expect(page).toEqual({ nodes: [90, 80], pageInfo: { hasNextPage: true, endCursor: encodeCursor(8) }, totalCount: 10 });
    expect(toConnection([], 2, 0, (row: { n: number }) => row.n, (row) => row).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
