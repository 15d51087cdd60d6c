/** Roles beyond `member`, which everyone with an active roster entry has. */
export type Role = 'lead' | 'hr' | 'admin';

/**
 * Every privileged action and the roles that may take it. Slack handlers name the permission
 * they need; the check runs server-side on every request, whatever the UI showed.
 */
export const PERMISSIONS = {
  'programme.edit': ['lead', 'admin'],
  'wave.preview': ['lead', 'admin'],
  'wave.launch': ['lead', 'admin'],
  'wave.cancel': ['lead', 'admin'],
  'wave.view': ['lead', 'admin'],
  /** Extend a deadline, nudge non-responders: changes to a wave in flight. */
  'wave.manage': ['lead', 'admin'],
  /** A wave's CSV (names, answers, reasons) for the lead's own follow-up. */
  'wave.export': ['lead', 'admin'],
  'report.view': ['hr', 'admin'],
  'roles.grant': ['admin'],
  'roster.sync': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allows(roles: readonly Role[], permission: Permission): boolean {
  const needed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => needed.includes(role));
}

/** The view a person's home tab shows first: the most privileged role they hold. */
export function primaryView(roles: readonly Role[]): 'admin' | 'lead' | 'hr' | 'member' {
  if (roles.includes('admin')) return 'admin';
  if (roles.includes('lead')) return 'lead';
  if (roles.includes('hr')) return 'hr';
  return 'member';
}
