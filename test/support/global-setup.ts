// Filled in by the platform work: prepares the migrated template database once per run.
export default async function setup(): Promise<void> {}
