import { containsPattern } from './audit-log.service';

describe('operation filter pattern', () => {
  it('matches anywhere, taking % _ and \\ literally', () => {
    expect(containsPattern('createSlo')).toBe('%createSlo%');
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});
