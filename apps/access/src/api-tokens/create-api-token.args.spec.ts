import { CliUsageError, parseCreateApiTokenArgs } from './create-api-token.args';

describe('token:create arguments', () => {
  const problem = (argv: string[]) => {
    try {
      parseCreateApiTokenArgs(argv);
    } catch (error) {
      expect(error).toBeInstanceOf(CliUsageError);
      return (error as Error).message;
    }
    throw new Error(`${argv.join(' ')} was accepted`);
  };

  it('reads name, role and expiry, 90 days by default', () => {
    expect(parseCreateApiTokenArgs(['--name', 'first-admin', '--role', 'admin'])).toEqual({ name: 'first-admin', role: 'admin', expiresInDays: 90 });
    expect(parseCreateApiTokenArgs(['--role=VIEWER', '--name=grafana', '--expires-in-days', '730'])).toEqual({
      name: 'grafana',
      role: 'viewer',
      expiresInDays: 730,
    });
  });

  it('answers help for --help', () => expect(parseCreateApiTokenArgs(['--help'])).toBe('help'));

  it.each([
    [['--role', 'admin'], /--name is required/],
    [['--name', 'x'], /--role is required/],
    [['--name', 'x', '--role', 'root'], /--role must be one of viewer, responder, admin \(got "root"\)/],
    [['--name', '', '--role', 'admin'], /--name: name must be 1–100/],
    [['--name', 'a'.repeat(101), '--role', 'admin'], /--name/],
    [['--name', 'x', '--role', 'admin', '--expires-in-days', '0'], /--expires-in-days must be a whole number from 1 to 730 \(got "0"\)/],
    [['--name', 'x', '--role', 'admin', '--expires-in-days', '731'], /--expires-in-days/],
    [['--name', 'x', '--role', 'admin', '--expires-in-days', '1.5'], /--expires-in-days/],
    [['--name', 'x', '--role', 'admin', '--expires-in-days', 'soon'], /--expires-in-days/],
    [['--name', 'x', '--role', 'admin', '--owner', 'bob'], /--owner/],
    [['--name', 'x', '--role', 'admin', 'extra'], /extra/],
    [['--name'], /--name/],
  ])('refuses %j, naming the argument', (argv, message) => expect(problem(argv)).toMatch(message));
});
