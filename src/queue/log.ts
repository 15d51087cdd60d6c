import { createLogger, silentLogger, type Logger } from '../platform/logger.ts';

/** The queue platform logs through the app's logger. */
export type JobLogger = Logger;

/** Used when startWorkers/installShutdown are given no logger. */
export const jsonLineLogger: JobLogger = createLogger('info');

export { silentLogger };
