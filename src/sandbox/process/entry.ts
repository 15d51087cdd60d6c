// One peerpods process (the app, the workers, or both) attached to emulators that run in the
// process that forked it: how the crash test and the reliability bench run the app and the
// workers apart, so a worker can be killed for real (SIGKILL) while Slack and Google keep their
// records. Configured like `peerpods start` (the environment), and started the same way (runProcess);
// PEERPODS_PROCESS adds the runtime options a command line does not carry (see spawn.ts).
import { parseConfig } from '../../config.ts';
import { runProcess } from '../../cli/start.ts';
import { createLogger } from '../../platform/logger.ts';
import type { ProcessSpec } from './spawn.ts';

const spec = JSON.parse(process.env.PEERPODS_PROCESS ?? '{}') as ProcessSpec;
try {
  const config = parseConfig();
  const code = await runProcess({
    config,
    roles: spec.roles,
    log: createLogger(config.LOG_LEVEL),
    runtime: {
      emulators: spec.emulators,
      ...(spec.port !== undefined ? { port: spec.port } : {}),
      ...(spec.ignoreLimiters !== undefined ? { ignoreLimiters: spec.ignoreLimiters } : {}),
      ...(spec.schedules !== undefined ? { schedules: spec.schedules } : {}),
      ...(spec.workerSettings ? { workerSettings: spec.workerSettings } : {}),
      ...(spec.apiTimeoutMs !== undefined ? { apiTimeoutMs: spec.apiTimeoutMs } : {}),
    },
    onReady: (runtime) => process.send?.({ type: 'ready', requestUrl: runtime.requestUrl, healthUrl: runtime.healthUrl }),
  });
  process.exit(code);
} catch (error) {
  process.stderr.write(`peerpods process failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
}
