/** States in the words a lead or member would use; the database's words stay internal. */
export const WAVE_STATE_WORDS: Record<string, string> = {
  draft: 'Draft, not launched',
  inviting: 'Inviting',
  forming: 'Forming pods',
  running: 'Pods meeting',
  retro: 'Round ending',
  done: 'Finished',
  cancelled: 'Cancelled',
};

export const POD_STATE_WORDS: Record<string, string> = {
  proposed: 'proposed',
  inviting: 'inviting',
  confirmed: 'confirmed',
  scheduled: 'sessions booked',
  running: 'meeting',
  retro: 'reviewing the round',
  continued: 'continued into a new round',
  closed: 'closed',
  dissolved: 'did not form',
};

export const waveStateWord = (status: string) => WAVE_STATE_WORDS[status] ?? status;
export const podStateWord = (status: string) => POD_STATE_WORDS[status] ?? status;
