import type { KnownBlock } from '@slack/types';
import type { Permission, Role } from '../../core/permissions.ts';
import type { Actor } from '../../roster/roles.service.ts';
import type { AppContext } from '../context.ts';

/** What rendering a home needs: no Slack client, so workers and listeners can both render. */
export type HomeContext = Pick<AppContext, 'db' | 'config' | 'clock'>;

/**
 * One part of the app home. Features contribute sections; the home shows every section whose
 * role the viewer holds (`member` = everyone on the roster) or whose permission their roles allow,
 * in the order listed in home/index.ts.
 */
export interface HomeSection {
  id: string;
  role: Role | 'member';
  /** When set, shown to anyone whose roles allow this permission (e.g. admins see the lead section). */
  permission?: Permission;
  render(ctx: HomeContext, actor: Actor, state?: HomeState): Promise<KnownBlock[]>;
}

/** Which page of each long home list the viewer asked for (carried by the paging buttons). */
export interface HomeState {
  programmesPage?: number;
  wavesPage?: number;
}
