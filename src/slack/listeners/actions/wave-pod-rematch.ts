import { rematchShortPod } from '../../../waves/short-pods.service.ts';
import type { AppContext } from '../../context.ts';
import { shortPodAction } from './short-pod-act.ts';

/** "Re-match its people" on a pod below its minimum (value: the pod id), inviting or meeting. */
export function wavePodRematch(ctx: AppContext) {
  return shortPodAction(ctx, 'rematch', (waveId, [podId = ''], actor) => rematchShortPod(ctx, waveId, podId, actor));
}
