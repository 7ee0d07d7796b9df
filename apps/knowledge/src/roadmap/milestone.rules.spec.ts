import { isNewerMilestone, milestoneKey, milestoneProgress } from './milestone.rules';

describe('milestone rules', () => {
  it('keys a milestone page case-insensitively and ignores a trailing slash', () => {
    expect(milestoneKey('https://github.com/Codertocat/Hello-World/milestone/1')).toBe('codertocat/hello-world/1');
    expect(milestoneKey('https://github.com/codertocat/hello-world/milestone/01/')).toBe('codertocat/hello-world/1');
    expect(milestoneKey('https://api.github.com/repos/Codertocat/Hello-World/milestones/1')).toBeNull();
    expect(milestoneKey('https://example.com/a/b/milestone/1')).toBeNull();
  });

  it('is closed ÷ (open + closed), rounded down', () => {
    expect(milestoneProgress({ open_issues: 1, closed_issues: 3, state: 'open' })).toBe(75);
    expect(milestoneProgress({ open_issues: 2, closed_issues: 1, state: 'open' })).toBe(33);
    expect(milestoneProgress({ open_issues: 1, closed_issues: 199, state: 'open' })).toBe(99);
    expect(milestoneProgress({ open_issues: 0, closed_issues: 5, state: 'closed' })).toBe(100);
  });

  it('counts a milestone without issues as done only once it is closed', () => {
    expect(milestoneProgress({ open_issues: 0, closed_issues: 0, state: 'open' })).toBe(0);
    expect(milestoneProgress({ open_issues: 0, closed_issues: 0, state: 'closed' })).toBe(100);
  });

  it('keeps the counts stamped last, whatever order deliveries arrive in', () => {
    const applied = new Date('2026-11-30T10:00:05Z');
    expect(isNewerMilestone(new Date('2026-11-30T10:00:04Z'), applied)).toBe(false);
    expect(isNewerMilestone(new Date('2026-11-30T10:00:05Z'), applied)).toBe(true);
    expect(isNewerMilestone(new Date('2026-11-30T10:00:06Z'), applied)).toBe(true);
    expect(isNewerMilestone(new Date('2026-11-30T10:00:00Z'), null)).toBe(true);
  });
});
