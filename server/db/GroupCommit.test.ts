import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './GroupCommit.ts';
import { SqliteServiceDatabase } from './SqliteServiceDatabase.ts';

describe('group commit', () => {
  let dir: string | undefined;
  let db: SqliteServiceDatabase | undefined;
  const open = (extra = '') => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    db = SqliteServiceDatabase.open(join(dir, 'g.sqlite'), [{ version: 1, description: 'test table', sql: `CREATE TABLE answers (id INTEGER PRIMARY KEY, value TEXT NOT NULL); ${extra}` }]);
    return db;
  };
  afterEach(async () => {
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    db = dir = undefined;
  });

  it('the requests of one event-loop turn share one transaction, and none settles before it committed', async () => {
    const d = open();
    const group = new GroupCommit(d);
    const other = new Database(join(dir!, 'g.sqlite'), { readonly: true });
    const seenByAnotherConnection: number[] = [];
    try {
      const answers = Array.from({ length: 100 }, (_, i) =>
        group
          .run(async (sql) => {
            await sql.run('INSERT INTO answers (id, value) VALUES (?, ?)', [i, `answer ${i}`]);
            // Inside the group: nothing of it is visible to another connection yet.
            if (i === 99) seenByAnotherConnection.push((other.prepare('SELECT count(*) AS n FROM answers').get() as { n: number }).n);
            return d.connection.inTransaction;
          })
          .then((inTransaction) => {
            // Settled: the row is committed, as another connection sees.
            seenByAnotherConnection.push((other.prepare('SELECT count(*) AS n FROM answers WHERE id = ?').get(i) as { n: number }).n);
            return inTransaction;
          }),
      );
      expect(await Promise.all(answers)).toEqual(Array(100).fill(true));
      expect(seenByAnotherConnection[0]).toBe(0);
      expect(seenByAnotherConnection.slice(1)).toEqual(Array(100).fill(1));
      const walFrames = (d.connection.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;
      // 100 single-row transactions would write at least 100 WAL frames; one group writes a handful.
      expect(walFrames).toBeLessThan(10);
    } finally {
      other.close();
    }
  });

  it('a request that fails undoes only its own writes; the others of its group commit', async () => {
    const d = open();
    const group = new GroupCommit(d);
    const insert = (id: number, value: string) => group.run((sql) => sql.run('INSERT INTO answers (id, value) VALUES (?, ?)', [id, value]));
    const results = await Promise.allSettled([
      insert(1, 'one'),
      group.run(async (sql) => {
        await sql.run('INSERT INTO answers (id, value) VALUES (?, ?)', [2, 'two, then a failure']);
        throw new Error('the use case failed');
      }),
      insert(3, 'three'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'the use case failed' });
    expect(await d.all('SELECT id FROM answers ORDER BY id')).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it('when COMMIT fails, every request of the group fails and nothing of it is kept', async () => {
    const d = open('CREATE TABLE parents (id INTEGER PRIMARY KEY); CREATE TABLE children (parent INTEGER REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED);');
    const group = new GroupCommit(d);
    const insert = (id: number, value: string) => group.run((sql) => sql.run('INSERT INTO answers (id, value) VALUES (?, ?)', [id, value]));
    // A deferred foreign key is checked at COMMIT: this one makes the group's COMMIT fail.
    const results = await Promise.allSettled([insert(1, 'one'), group.run((sql) => sql.run('INSERT INTO children VALUES (42)')), insert(3, 'three')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await d.get('SELECT count(*) AS n FROM answers')).toEqual({ n: 0 });
    expect(d.connection.inTransaction).toBe(false);
    // The next group is unaffected.
    await insert(4, 'four');
    expect(await d.all('SELECT id FROM answers')).toEqual([{ id: 4 }]);
  });

  it('a group holds at most maxGroup requests; the rest go in the next one, in order', async () => {
    const d = open();
    const group = new GroupCommit(d, { maxGroup: 3 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 7 }, (_, i) => group.run(async () => i).then((v) => order.push(v))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
