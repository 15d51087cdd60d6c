import { defineProcessor } from '../src/queue/processor.ts';
import { renderHome } from '../src/slack/home/render-home.ts';

/** Publishes the home tab of someone who just opened it (the app acked and handed it here). */
export default defineProcessor('home-open', async (job, deps) => {
  const view = await renderHome(deps, job.data.slackUserId);
  await deps.slack.views.publish({ user_id: job.data.slackUserId, view });
  return 'published';
});
