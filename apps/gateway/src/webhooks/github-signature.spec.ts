import { signGithubBody, verifyGithubSignature } from './github-signature';

describe('GitHub webhook signature', () => {
  // The worked example from GitHub's "Validating webhook deliveries" documentation.
  const secret = "It's a Secret to Everybody";
  const body = Buffer.from('Hello, World!');
  const documented = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

  it('computes the signature GitHub documents', () => {
    expect(signGithubBody(secret, body)).toBe(documented);
  });

  it('accepts the right signature and refuses others', () => {
    expect(verifyGithubSignature(secret, body, documented)).toBe(true);
    expect(verifyGithubSignature('another secret', body, documented)).toBe(false);
    expect(verifyGithubSignature(secret, Buffer.from('Hello, World?'), documented)).toBe(false);
    expect(verifyGithubSignature(secret, body, documented.replace('sha256=', 'sha1='))).toBe(false);
    expect(verifyGithubSignature(secret, body, 'sha256=short')).toBe(false);
    expect(verifyGithubSignature(secret, body, undefined)).toBe(false);
  });
});
