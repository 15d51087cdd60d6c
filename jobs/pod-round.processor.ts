import { defineProcessor } from '../src/queue/processor.ts';
import { closeShortRound, decideRound } from '../src/retros/decision.service.ts';
import { openRetro, remindRetro } from '../src/retros/retro.service.ts';

/** One step of a pod round's end (src/pods/lifecycle.ts); each step re-reads the pod and is idempotent. */
export default defineProcessor('pod-round', async (job, deps) => {
  const { podId, step } = job.data;
  switch (step) {
    case 'retro': return openRetro(deps, podId);
    case 'remind': return remindRetro(deps, podId);
    case 'decide': return decideRound(deps, podId);
    case 'close-short': return closeShortRound(deps, podId);
  }
});
