// Operators: accounts the ADMINS setting makes coordinators. An entry scoped with "@<org name>"
// operates that org only; an unscoped entry operates every org.
import type { AdminAccount } from '../context.ts';
import type { Org } from '../model.ts';

export interface Account {
  platform: string;
  userId: string;
}

/** Whether the account is an operator of the org. */
export function isOperatorOf(admins: readonly AdminAccount[], account: Account, org: Pick<Org, 'name'>): boolean {
  return admins.some((a) => a.platform === account.platform && a.userId === account.userId && (a.orgName === undefined || a.orgName === org.name));
}

/** Whether the account is listed in ADMINS at all (for some org). */
export function isOperator(admins: readonly AdminAccount[], account: Account): boolean {
  return admins.some((a) => a.platform === account.platform && a.userId === account.userId);
}
