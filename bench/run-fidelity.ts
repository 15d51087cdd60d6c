// `peerpods bench fidelity`: how many emulator methods the app uses conform to Slack's and Google's
// published API descriptions (the conformance suites in src/sandbox/*/conformance), then one JSON line.
import { checkSlackConformance } from '../src/sandbox/slack/conformance/run.ts';

const slack = await checkSlackConformance();
for (const r of slack.results) {
  console.log(`slack ${r.method.padEnd(28)} ${r.conforms ? 'conforms' : 'DIFFERS '} (${r.checks} checks)${r.problems.length ? `\n  ${r.problems.join('\n  ')}` : ''}`);
}
const google = await googleHalf();
console.log(JSON.stringify({ slackMethods: slack.methods, slackConforming: slack.conforming, googleMethods: google?.googleMethods ?? null, googleConforming: google?.googleConforming ?? null }));
process.exit(slack.conforming === slack.methods && (google === undefined || google.googleConforming === google.googleMethods) ? 0 : 1);

/** The Google suite (gemu's), when it is present in this checkout; null figures otherwise. */
async function googleHalf(): Promise<{ googleMethods: number; googleConforming: number } | undefined> {
  const module = '../src/sandbox/google/conformance/index.ts';
  try {
    const { googleFidelity } = (await import(module)) as { googleFidelity: () => Promise<{ googleMethods: number; googleConforming: number }> };
    return await googleFidelity();
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return undefined;
  }
}
