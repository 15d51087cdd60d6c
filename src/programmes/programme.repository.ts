import type { Executor } from '../db.ts';
import type { NewProgramme, ProgrammeUpdate } from './programme.table.ts';

export async function listProgrammes(db: Executor) {
  return db.selectFrom('programme').selectAll().where('archived_at', 'is', null).orderBy('created_at').execute();
}

export async function findProgramme(db: Executor, id: string) {
  return db.selectFrom('programme').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findProgrammeByName(db: Executor, name: string) {
  return db.selectFrom('programme').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertProgramme(db: Executor, row: NewProgramme) {
  return db.insertInto('programme').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateProgramme(db: Executor, id: string, changes: ProgrammeUpdate) {
  return db.updateTable('programme').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
}
