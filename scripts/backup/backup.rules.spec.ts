import { BackupUsageError, countMismatches, majorVersion, parseBackupArgs, parseRestoreArgs, redact, restoreDatabaseName } from './backup.rules';

describe('backup and restore arguments', () => {
  it('reads --out in both spellings and refuses anything else', () => {
    expect(parseBackupArgs([])).toEqual({ command: 'backup' });
    expect(parseBackupArgs(['--out', '/srv/backups'])).toEqual({ command: 'backup', out: '/srv/backups' });
    expect(parseBackupArgs(['--out=/srv/backups'])).toEqual({ command: 'backup', out: '/srv/backups' });
    expect(() => parseBackupArgs(['--out'])).toThrow(new BackupUsageError('--out needs a value'));
    expect(() => parseBackupArgs(['--outt', 'x'])).toThrow(/unknown argument "--outt"/);
  });

  it('needs exactly one backup, and a database name Postgres and a shell both take as it is', () => {
    expect(parseRestoreArgs(['b'])).toEqual({ command: 'restore', backup: 'b', force: false });
    expect(parseRestoreArgs(['--force', 'b', '--database', 'drill_1'])).toEqual({ command: 'restore', backup: 'b', database: 'drill_1', force: true });
    expect(() => parseRestoreArgs([])).toThrow(/backup directory .* is required/);
    expect(() => parseRestoreArgs(['a', 'b'])).toThrow(/one backup at a time/);
    expect(() => parseRestoreArgs(['b', '--database', 'x"; DROP DATABASE y; --'])).toThrow(/must be 1-63 lower-case letters/);
    expect(() => parseRestoreArgs(['b', '--database', 'a'.repeat(64)])).toThrow(/must be 1-63/);
    expect(() => parseRestoreArgs(['b', '--database'])).toThrow(/--database needs a value/);
  });
});

describe('restoreDatabaseName', () => {
  it('derives a new, valid name from the source database and the backup time', () => {
    expect(restoreDatabaseName({ database: 'companyos', createdAt: '2026-12-01T16:30:05.123Z' })).toBe('companyos_restore_20261201t163005');
    expect(restoreDatabaseName({ database: 'My-DB', createdAt: '2026-12-01T16:30:05.123Z' })).toBe('my_db_restore_20261201t163005');
    expect(restoreDatabaseName({ database: 'x'.repeat(63), createdAt: '2026-12-01T16:30:05Z' })).toHaveLength(63);
  });
});

describe('countMismatches', () => {
  it('names each table whose count differs or that is missing on either side', () => {
    expect(countMismatches({ 'a.x': 1, 'a.y': 2 }, { 'a.x': 1, 'a.y': 2 })).toEqual([]);
    expect(countMismatches({ 'a.x': 1, 'a.y': 2 }, { 'a.x': 0, 'a.z': 5 })).toEqual([
      'a.x: 1 in the manifest, 0 restored',
      'a.y: 2 in the manifest, absent restored',
      'a.z: absent in the manifest, 5 restored',
    ]);
  });
});

describe('majorVersion and redact', () => {
  it('reads the major version of pg_dump and of the server', () => {
    expect(majorVersion('pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)')).toBe(15);
    expect(majorVersion('16.4')).toBe(16);
    expect(() => majorVersion('unknown')).toThrow(/cannot read a PostgreSQL version/);
  });

  it('removes a password from a message', () => {
    expect(redact('failed for s3cret at s3cret', 's3cret')).toBe('failed for *** at ***');
    expect(redact('nothing', undefined)).toBe('nothing');
  });
});
