import { defineProcessor } from '../src/queue/processor.ts';
import { renderHome } from '../src/slack/home/render-home.ts';

/** Re-renders one person's home tab after something they can see changed. */
export default defineProcessor('home-refresh', async (job, deps) => {
  const view = await renderHome(deps, job.data.slackUserId);
  await deps.slack.views.publish({ user_id: job.data.slackUserId, view });
  return 'published';
});
