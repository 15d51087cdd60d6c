import { mergeShortPods } from '../../../waves/short-pods.service.ts';
import type { AppContext } from '../../context.ts';
import { shortPodAction } from './short-pod-act.ts';

/** "Merge into Pod N" on a pod below its minimum (value `<from>|<into>`), inviting or meeting. */
export function wavePodMerge(ctx: AppContext) {
  return shortPodAction(ctx, 'merge', (waveId, [fromId = '', intoId = ''], actor) => mergeShortPods(ctx, waveId, fromId, intoId, actor));
}
