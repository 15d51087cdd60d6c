/** `peerpods match`: --mdgp FILE solves a MDGPLIB instance, --people FILE.csv matches a roster. */
export async function matchCommand(argv: string[]): Promise<number> {
  if (argv.includes('--mdgp')) return (await import('./match-mdgp.ts')).matchMdgpCommand(argv);
  if (argv.includes('--people')) return (await import('./match-people.ts')).matchPeopleCommand(argv);
  console.error('Usage: peerpods match --mdgp FILE [--time-limit S] [--seed N]\n' +
    '       peerpods match --people FILE.csv [--history FILE.csv] [--exclusions FILE.csv] [--pod-size 4-5] ' +
    '[--pod-sizes larger|smaller] [--hours 09:00-17:00] [--session-minutes 60] [--seed N] [--time-limit S] --json');
  return 2;
}
