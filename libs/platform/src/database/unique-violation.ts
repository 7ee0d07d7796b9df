import { QueryFailedError } from 'typeorm';

/** True when a query failed on a unique constraint (PostgreSQL 23505). */
export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
