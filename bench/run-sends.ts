// `peerpods bench sends`: one commitment week of 2,000 pods through the Slack emulator's limits, then one JSON line.
import { run } from './sends.bench.ts';

const r = await run();
console.log(`${r.people} people in ${r.pods} pods, one week: ${r.prompts} prompts, ${r.reminders} reminders, ${r.checkIns} check-ins ` +
  `(${r.messages} messages) in ${(r.elapsedMs / 1000).toFixed(1)} s (the ticks that plan them took ${(r.tickMs / 1000).toFixed(1)} s of it); Slack's limits (clock ×${r.factor}) allow it in ${(r.minimumMs / 1000).toFixed(1)} s at best ` +
  `(ratio ${r.ratio}); ${r.rateLimited} 429s met, ${r.conversationsOpen} conversations.open, ${r.duplicates} duplicates, ${r.lost} lost; ` +
  `this process used ${(r.cpuMs / 1000).toFixed(1)} s of CPU (${r.cpuMsPerMessage} ms a message, ${r.cpuShare} of one core) at a load average of ${r.loadAverage.join(' → ')}`);
const { messages, elapsedMs, minimumMs, ratio, duplicates, lost } = r;
console.log(JSON.stringify({ messages, elapsedMs, minimumMs, ratio, duplicates, lost }));
process.exit(duplicates === 0 && lost === 0 ? 0 : 1);
