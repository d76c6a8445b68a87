import { describe, expect, it } from 'vitest';
import { MigrationError } from './migration-error';
import { computeMigrationChecksum, type TMigrationFile } from './migration-files';
import type { TMigrationRecord } from './migration-history';
import { planMigrations } from './migration-plan';

function file(name: string, sql = `-- ${name}\n`): TMigrationFile {
  return { name, sql, checksum: computeMigrationChecksum(sql) };
}

function record(migration: TMigrationFile, overrides: Partial<TMigrationRecord> = {}): TMigrationRecord {
  return {
    id: `id-${migration.name}`,
    migrationName: migration.name,
    checksum: migration.checksum,
    startedAt: new Date('2026-01-01T00:00:00Z'),
    finishedAt: new Date('2026-01-01T00:00:01Z'),
    rolledBackAt: null,
    ...overrides,
  };
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('Expected the action to throw.');
}

const first = file('20260101000000_first');
const second = file('20260102000000_second');

describe('planMigrations', () => {
  it('applies everything to a database without history', () => {
    const plan = planMigrations([first, second], []);
    expect(plan.pending.map((item) => item.name)).toEqual([first.name, second.name]);
    expect(plan.applied).toEqual([]);
  });

  it('applies only what is not recorded yet', () => {
    const plan = planMigrations([first, second], [record(first)]);
    expect(plan.applied).toEqual([first.name]);
    expect(plan.pending.map((item) => item.name)).toEqual([second.name]);
  });

  it('treats a rolled-back migration as not applied', () => {
    const rolledBack = record(first, { finishedAt: null, rolledBackAt: new Date('2026-01-02T00:00:00Z') });
    expect(planMigrations([first], [rolledBack]).pending.map((item) => item.name)).toEqual([first.name]);
  });

  it('reports an applied migration whose file was edited, naming it', () => {
    const edited = { ...first, sql: `${first.sql}ALTER TABLE x ADD COLUMN y int;\n` };
    const error = thrownBy(() =>
      planMigrations([{ ...edited, checksum: computeMigrationChecksum(edited.sql) }], [record(first)]),
    );
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({
      code: 'CHECKSUM_MISMATCH',
      message: expect.stringContaining(`Migration ${first.name} was changed after it was applied`),
    });
  });

  it('stops at a migration that started and never finished', () => {
    const error = thrownBy(() => planMigrations([first, second], [record(first, { finishedAt: null })]));
    expect(error).toMatchObject({
      code: 'UNFINISHED_MIGRATION',
      message: expect.stringMatching(/20260101000000_first started at .* but never finished/),
    });
  });

  it('lists recorded migrations missing from the folder', () => {
    const plan = planMigrations([first], [record(first), record(second)]);
    expect(plan.unknownApplied).toEqual([second.name]);
    expect(plan.pending).toEqual([]);
  });
});
