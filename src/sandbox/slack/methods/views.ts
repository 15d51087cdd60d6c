import { SlackApiError, invalidArguments } from '../params.ts';
import type { MethodHandler } from './context.ts';

/** views.publish: the user's home tab; a stale `hash` answers hash_conflict. */
export const publish: MethodHandler = ({ params, ws }) => {
  const userId = params.need('user_id');
  // Slack documents no user_not_found here; an id that names nobody is a bad argument.
  if (!ws.user(userId)) throw invalidArguments('invalid user_id [json-pointer:/user_id]');
  return { view: ws.views.publishHome(userId, params.json('view'), params.str('hash')) };
};

/** views.open: needs a trigger_id the driver issued less than 3 s ago, used once. */
export const open: MethodHandler = ({ params, ws }) => {
  const view = params.json('view');
  const trigger = ws.views.redeemTrigger(params.need('trigger_id', 'invalid_trigger_id'));
  return { view: ws.views.openModal(trigger.userId, view) };
};

export const push: MethodHandler = ({ params, ws }) => {
  const view = params.json('view');
  const trigger = ws.views.redeemTrigger(params.need('trigger_id', 'invalid_trigger_id'));
  return { view: ws.views.pushModal(trigger.userId, view) };
};

/** views.update: by view_id or external_id; works for modals and home tabs. */
export const update: MethodHandler = ({ params, ws }) => {
  const viewId = params.str('view_id');
  const externalId = params.str('external_id');
  if (viewId === undefined && externalId === undefined) throw invalidArguments('must provide view_id or external_id');
  const ref = viewId !== undefined ? { viewId } : { externalId: externalId! };
  return { view: ws.views.update(ref, params.json('view'), params.str('hash')) };
};
