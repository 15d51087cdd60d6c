// `peerpods bench calendar`: 2,000 pods slot-found and booked through the Google emulator's quotas, then one JSON line.
import { run } from './calendar.bench.ts';

const r = await run();
console.log(`${r.people} people in ${r.pods} pods over ${r.zones} zones: ${r.confirmed} confirmed, ${r.series} series booked (${r.withMeet} with Meet), ` +
  `${r.slotless} without a slot, ${r.conflicts} free/busy clashes; ${r.freeBusyRequests} free/busy requests, ${r.apiCalls} Google calls ` +
  `(${r.apiCallsPerPod} per pod), ${r.quotaRefusals} quota refusals met. Slot finding ${(r.slotMs / 1000).toFixed(1)} s, deadline transaction ` +
  `${(r.confirmMs / 1000).toFixed(1)} s, everything done ${(r.elapsedMs / 1000).toFixed(1)} s wall after the free/busy read began (clock ×${r.factor}). ` +
  `Booking: ${r.bookingCalls} calls in ${(r.googleElapsedMs / 60_000).toFixed(2)} Google minutes; the quota (600/min per user) allows them in ` +
  `${(r.minimumGoogleMs / 60_000).toFixed(2)} at best (ratio ${r.ratio}); ` +
  `${r.duplicates} duplicates, ${r.lost} lost`);
const { pods, series, apiCallsPerPod, elapsedMs, googleElapsedMs, minimumGoogleMs, ratio, duplicates, lost } = r;
console.log(JSON.stringify({ pods, series, apiCallsPerPod, elapsedMs, googleElapsedMs, minimumGoogleMs, ratio, duplicates, lost }));
process.exit(duplicates === 0 && lost === 0 ? 0 : 1);
