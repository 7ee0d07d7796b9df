import type { GithubMilestone } from '@companyos/contracts';

/**
 * A milestone's identity in a roadmap link: `owner/repo/number`, lower-cased
 * (GitHub's owner and repository names are case-insensitive), or null for an
 * address that is not a github.com milestone page.
 */
export function milestoneKey(htmlUrl: string): string | null {
  const match = /^https:\/\/github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/milestone\/(\d+)\/?$/i.exec(htmlUrl.trim());
  return match ? `${match[1]}/${match[2]}/${Number(match[3])}`.toLowerCase() : null;
}

/**
 * The roadmap's progress of a milestone: closed ÷ (open + closed), in whole
 * per cent (rounded down, so 100 % means every issue is closed). A milestone
 * without issues is 100 % once closed, else 0 %.
 */
export function milestoneProgress(milestone: Pick<GithubMilestone, 'open_issues' | 'closed_issues' | 'state'>): number {
  const total = milestone.open_issues + milestone.closed_issues;
  if (total === 0) return milestone.state === 'closed' ? 100 : 0;
  return Math.floor((100 * milestone.closed_issues) / total);
}

/**
 * Whether a milestone's counts should replace what a roadmap item holds:
 * deliveries arrive out of order and are redelivered, so counts stamped
 * earlier than those applied are stale. GitHub's `updated_at` has one-second
 * resolution; the same second is applied (its counts are at worst as fresh).
 */
export function isNewerMilestone(updatedAt: Date, appliedAt: Date | null): boolean {
  return appliedAt === null || updatedAt.getTime() >= appliedAt.getTime();
}
