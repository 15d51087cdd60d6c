import type { QueueBackend } from '../queue/backend.ts';

/**
 * Resolves once none of these queues has a job waiting, delayed or running (seen twice in a
 * row, so a job that enqueues a follow-up is not mistaken for quiet). For the demo and tests.
 */
export async function drainQueues(backend: QueueBackend, names: string[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietRounds = 0;
  while (Date.now() < deadline) {
    let busy = 0;
    for (const name of names) {
      const counts = await backend.queue(name).getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'waiting-children');
      busy += Object.values(counts).reduce((a, b) => a + b, 0);
    }
    quietRounds = busy === 0 ? quietRounds + 1 : 0;
    if (quietRounds >= 2) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`queues did not drain within ${timeoutMs} ms`);
}
