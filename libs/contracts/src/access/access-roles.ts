/**
 * What a principal may do, lowest first: a `viewer` reads, a `responder`
 * also works incidents, alerts, deployments and runbooks, an `admin` also
 * changes configuration (SLOs, release-gate overrides, API tokens) and reads
 * the audit log.
 */
export const ACCESS_ROLES = ['viewer', 'responder', 'admin'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

export const isAccessRole = (value: unknown): value is AccessRole => ACCESS_ROLES.includes(value as AccessRole);

/** True when `role` may do what `required` may. */
export const roleAtLeast = (role: AccessRole, required: AccessRole): boolean => ACCESS_ROLES.indexOf(role) >= ACCESS_ROLES.indexOf(required);

/** How a principal proved who it is. */
export type CredentialKind = 'api-token' | 'jwt' | 'service';

/** Who is acting: resolved by the gateway, forwarded (signed) to the subgraphs. */
export interface Principal {
  /** Stable id: the API token's id, the JWT's `sub`, or the calling service's name. */
  id: string;
  /** Shown in timelines and the audit log: `token:<name>`, the person's user name or e-mail, `service:<app>`. */
  name: string;
  role: AccessRole;
  via: CredentialKind;
}
