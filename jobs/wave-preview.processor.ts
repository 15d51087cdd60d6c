import { defineProcessor } from '../src/queue/processor.ts';
import { previewFailedView, previewView } from '../src/slack/blocks/launch.blocks.ts';
import { previewWave, WaveNotDraftError } from '../src/waves/preview.service.ts';
import { markPreviewAnswered } from '../src/waves/wave-requests.ts';

/**
 * Runs the matcher for a draft wave and replaces the lead's "preparing" modal with the preview.
 * A failure replaces it with what went wrong, so the lead is never left waiting on a spinner.
 * The answer is recorded on the wave: until then the reconciler redoes a lost job.
 */
export default defineProcessor('wave-preview', async (job, deps) => {
  try {
    const preview = await previewWave(deps, job.data.waveId, deps.clock.now());
    await deps.slack.views.update({ view_id: job.data.viewId, view: previewView(preview) as never });
    await markPreviewAnswered(deps.db, job.data.waveId, deps.clock.now());
    return { pods: preview.pods.length, unplaced: preview.unplaced.length };
  } catch (error) {
    if (!(error instanceof WaveNotDraftError) && job.attemptsMade + 1 < (job.opts.attempts ?? 1)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    await markPreviewAnswered(deps.db, job.data.waveId, deps.clock.now());
    await deps.slack.views.update({ view_id: job.data.viewId, view: previewFailedView(message) as never });
    return { failed: message };
  }
});
