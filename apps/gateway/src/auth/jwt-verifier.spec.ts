import { roleOf } from './jwt-verifier';

describe('role from a JWT claim', () => {
  it.each([
    [undefined, 'viewer'],
    ['admin', 'admin'],
    ['RESPONDER', 'responder'],
    [['viewer', 'responder'], 'responder'],
    [['admin', 'viewer', 'unknown'], 'admin'],
    [['superuser'], 'viewer'],
    [42, 'viewer'],
  ])('%j gives %s', (claim, role) => {
    expect(roleOf(claim)).toBe(role);
  });
});
