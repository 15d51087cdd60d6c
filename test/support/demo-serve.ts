// The state `npm run demo -- --keep-running` waits in, without the story that leads there (a
// minute or more): the demo's own config and runtime (embedded Postgres in a detached host, BullMQ
// on Postgres, app, workers, emulators), work through the app and the workers so every pool
// holds connections, then the demo's own wait for Ctrl-C and close, and the CLI's exit.
// Prints "ready" when there is something to interrupt. Used by test/platform/ctrl-c.test.ts.
import { demoConfig, demoRuntimeOptions, untilInterrupted } from '../../src/cli/demo.ts';
import { withOutbox } from '../../src/outbox/outbox.service.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { startRuntime } from '../../src/platform/runtime.ts';

async function serve(): Promise<number> {
  const runtime = await startRuntime(demoRuntimeOptions(demoConfig('admin@demo.test'), new ManualClock(new Date())));
  try {
    const slack = runtime.sandbox.slack!;
    const user = slack.workspace.addUser({ email: 'ana@demo.test', realName: 'Ana' });
    for (let i = 0; i < 5; i++) {
      await withOutbox(runtime, async (_trx, emit) => emit({ key: `serve/${i}`, kind: 'slack.message', payload: { channel: user.id, text: `hello ${i}` } }));
    }
    await slack.driver.openHome(user.id);
    const deadline = Date.now() + 60_000;
    while (slack.log.dmsTo(user.id).length < 5 || slack.log.homeViews(user.id).length === 0) {
      if (Date.now() > deadline) throw new Error('the work before the interrupt did not finish');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    process.stdout.write('ready\n');
    await untilInterrupted();
    return 0;
  } finally {
    await runtime.close();
  }
}

// As bin/peerpods.js and src/cli/main.ts end a command: an explicit exit with its code.
serve().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
