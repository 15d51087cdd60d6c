/**
 * A made-up but plausible organisation for the demo: departments of teams, each team with a
 * manager, people spread over four time zones (teams lean towards one), and busy calendars.
 * Deterministic for a seed, so two demo runs tell the same story.
 */
export interface DemoPerson {
  email: string;
  name: string;
  team: string;
  department: string;
  title: string;
  location: string;
  timezone: string;
  managerEmail?: string;
}

const DEPARTMENTS: Record<string, string[]> = {
  Engineering: ['Platform', 'Payments', 'Mobile', 'Data'],
  Product: ['Design', 'Research', 'Product Management'],
  'Go-to-market': ['Sales', 'Marketing', 'Support'],
  Operations: ['People', 'Finance'],
};

const OFFICES = [
  { location: 'New York', timezone: 'America/New_York' },
  { location: 'London', timezone: 'Europe/London' },
  { location: 'Berlin', timezone: 'Europe/Berlin' },
  { location: 'Bengaluru', timezone: 'Asia/Kolkata' },
];

const FIRST = ['Ada', 'Bea', 'Cai', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ines', 'Jon', 'Kemi', 'Lior', 'Mia', 'Nico',
  'Omar', 'Pia', 'Quinn', 'Rui', 'Sana', 'Tom', 'Uma', 'Vik', 'Wen', 'Xena', 'Yara', 'Zed', 'Aiko', 'Bram', 'Chen', 'Dara'];
const LAST = ['Okafor', 'Lindqvist', 'Haddad', 'Moreau', 'Tanaka', 'Silva', 'Novak', 'Iyer', 'Kowalski', 'Mensah',
  'Rossi', 'Schmidt', 'Nakamura', 'Fischer', 'Costa', 'Byrne', 'Sato', 'Ivanova', 'Reyes', 'Khan'];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The demo's teams: the twelve named ones, or for a larger organisation (`--teams T`) T teams
 * spread over departments of about a dozen teams each ("Platform 3", "Design 7", …).
 */
function demoTeams(count?: number): { team: string; department: string }[] {
  const named = Object.entries(DEPARTMENTS).flatMap(([department, names]) => names.map((team) => ({ team, department })));
  if (count === undefined || count === named.length) return named;
  return Array.from({ length: count }, (_, i) => {
    const base = named[i % named.length]!;
    const round = Math.floor(i / named.length);
    return { team: round === 0 ? base.team : `${base.team} ${round + 1}`, department: round === 0 ? base.department : `${base.department} ${Math.floor(round / 2) + 1}` };
  });
}

export function demoOrganisation(size = 120, seed = 7, teamCount?: number): DemoPerson[] {
  const random = rng(seed);
  const teams = demoTeams(teamCount);
  const people: DemoPerson[] = [];
  const used = new Set<string>();
  const makePerson = (team: string, department: string, title: string, office: (typeof OFFICES)[number], managerEmail?: string) => {
    let first: string;
    let last: string;
    let email: string;
    // 600 first/last pairs: past a few tries (a big organisation) a number tells namesakes apart.
    let tries = 0;
    do {
      first = FIRST[Math.floor(random() * FIRST.length)]!;
      last = LAST[Math.floor(random() * LAST.length)]!;
      const n = ++tries > 20 ? String(people.length) : '';
      if (n) last = `${last} ${n}`;
      email = `${first}.${last}`.toLowerCase().replace(/[^a-z0-9.]/g, '') + '@demo.peerpods.test';
    } while (used.has(email));
    used.add(email);
    const person: DemoPerson = { email, name: `${first} ${last}`, team, department, title, ...office, ...(managerEmail ? { managerEmail } : {}) };
    people.push(person);
    return person;
  };
  const ceo = makePerson('Operations', 'Operations', 'Chief Executive', OFFICES[1]!);
  ceo.team = 'People';
  const heads = new Map<string, DemoPerson>();
  for (const [index, department] of [...new Set(teams.map((t) => t.department))].entries()) {
    const home = teams.find((t) => t.department === department)!.team;
    heads.set(department, makePerson(home, department, `Head of ${department}`, OFFICES[index % 4]!, ceo.email));
  }
  // Skewed team sizes: some teams are twice the size of others.
  const weights = teams.map(() => 0.6 + random() * 1.4);
  const total = weights.reduce((a, b) => a + b, 0);
  const remaining = size - people.length;
  teams.forEach(({ team, department }, index) => {
    const home = OFFICES[index % OFFICES.length]!;
    const count = index === teams.length - 1
      ? size - people.length
      : Math.max(4, Math.round((weights[index]! / total) * remaining));
    if (count <= 0) return;
    const manager = makePerson(team, department, `${team} Lead`, home, heads.get(department)!.email);
    for (let i = 1; i < count && people.length < size; i++) {
      // Most of a team sits in its home office; some are elsewhere.
      const office = random() < 0.75 ? home : OFFICES[Math.floor(random() * OFFICES.length)]!;
      makePerson(team, department, random() < 0.2 ? `Senior ${team} Specialist` : `${team} Specialist`, office, manager.email);
    }
  });
  return people.slice(0, size);
}

/** A few recurring meetings per person over the next weeks, in their local working day. */
export function demoBusyTimes(person: DemoPerson, from: Date, weeks: number, seed: number): { start: Date; end: Date }[] {
  const random = rng(seed ^ hash(person.email));
  const busy: { start: Date; end: Date }[] = [];
  const offsetHours = { 'America/New_York': -5, 'Europe/London': 0, 'Europe/Berlin': 1, 'Asia/Kolkata': 5.5 }[person.timezone] ?? 0;
  const meetings = 2 + Math.floor(random() * 4);
  for (let m = 0; m < meetings; m++) {
    const weekday = Math.floor(random() * 5);
    const localHour = 9 + Math.floor(random() * 8);
    for (let w = 0; w < weeks; w++) {
      const day = new Date(from.getTime() + (w * 7 + weekday) * 86_400_000);
      const start = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 0, 0) + (localHour - offsetHours) * 3_600_000);
      busy.push({ start, end: new Date(start.getTime() + 3_600_000) });
    }
  }
  return busy;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
