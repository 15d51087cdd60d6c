import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';

/**
 * The HR home's "Open the report" and "Download CSV" are link buttons: the browser opens the
 * signed URL (which checks the role itself); Slack still reports the click, which only needs an ack.
 */
export function hrReportLinkClicked() {
  return async ({ ack }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
  };
}
