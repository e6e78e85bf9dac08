import pg from 'pg';
import { LinkageError } from '../LinkageError.ts';
import type { ResidentRecord } from '../jlis/ResidentRecord.ts';
import type { LinkageRecord } from '../registry/LinkageRecord.ts';
import type { LinkageGroup, LinkageSource, Shard, SourcePosition } from './LinkageSource.ts';

interface Row {
  my_number: string;
  linkage_id: string;
  insurer_number: string;
  role: LinkageRecord['role'];
  name: string;
  name_kana: string;
  birth_date: string;
  sex: LinkageRecord['sex'];
  address: string | null;
  registered_on: string;
  lost_on: string | null;
  identity_check: LinkageRecord['identityCheck'];
  j_my_number: string | null;
  j_resident_code: string;
  j_household_id: string;
  j_name: string;
  j_name_kana: string;
  j_birth_date: string;
  j_sex: ResidentRecord['sex'];
  j_address: string;
  j_changes: ResidentRecord['changes'];
  another_live: boolean;
}

/**
 * One shard read from PostgreSQL in primary-key order, a chunk per query (keyset pagination: the position is
 * the last key read, so a resumed run asks for what follows it). 資格重複 comes from the whole table's count
 * made at load (live_on_number), so a machine knows the other shards' live linkages on its numbers without
 * reading them.
 */
export class PostgresLinkageSource implements LinkageSource {
  private after: { myNumber: string; linkageId: string };
  private read = 0;
  private total = 0;
  private ready: Promise<void> | null = null;

  constructor(
    private readonly client: pg.Client,
    private readonly shard: Shard,
    from: SourcePosition | null,
  ) {
    this.after = { myNumber: String(from?.afterMyNumber ?? ''), linkageId: String(from?.afterLinkageId ?? '') };
    this.read = Number(from?.read ?? 0);
  }

  private connect(): Promise<void> {
    this.ready ??= (async () => {
      try {
        await this.client.connect();
      } catch (cause) {
        throw new LinkageError('POSTGRES_UNAVAILABLE', `Cannot reach PostgreSQL: ${(cause as Error).message}. Start it (test/harness/postgresRig.ts starts a private one) and load the population first.`, { cause });
      }
      const key = this.shard.key === 'insurer' ? 'insurer_key' : 'prefecture_key';
      const count = await this.client.query<{ n: string }>(`SELECT count(*) AS n FROM linkages WHERE ${key} % $1 = $2`, [this.shard.count, this.shard.index]);
      this.total = Number(count.rows[0]!.n);
    })();
    return this.ready;
  }

  async nextGroups(max: number): Promise<LinkageGroup[]> {
    await this.connect();
    const key = this.shard.key === 'insurer' ? 'insurer_key' : 'prefecture_key';
    const { rows } = await this.client.query<Row>(
      `SELECT l.*, j.my_number AS j_my_number, j.resident_code AS j_resident_code, j.household_id AS j_household_id, j.name AS j_name, j.name_kana AS j_name_kana,
              j.birth_date AS j_birth_date, j.sex AS j_sex, j.address AS j_address, j.changes AS j_changes,
              (l.live_on_number - CASE WHEN l.lost_on IS NULL THEN 1 ELSE 0 END) > 0 AS another_live
         FROM linkages l LEFT JOIN jlis j ON j.my_number = l.my_number
        WHERE l.${key} % $1 = $2 AND (l.my_number, l.linkage_id) > ($3, $4)
        ORDER BY l.my_number, l.linkage_id LIMIT $5`,
      [this.shard.count, this.shard.index, this.after.myNumber, this.after.linkageId, max],
    );
    const last = rows.at(-1);
    if (last) this.after = { myNumber: last.my_number, linkageId: last.linkage_id };
    this.read += rows.length;
    return rows.map((r) => ({
      myNumber: r.my_number,
      resident:
        r.j_my_number === null
          ? null
          : { myNumber: r.j_my_number, residentCode: r.j_resident_code, householdId: r.j_household_id, name: r.j_name, nameKana: r.j_name_kana, birthDate: r.j_birth_date, sex: r.j_sex, address: r.j_address, changes: r.j_changes },
      linkages: [
        {
          record: { myNumber: r.my_number, linkageId: r.linkage_id, insurerNumber: r.insurer_number, role: r.role, name: r.name, nameKana: r.name_kana, birthDate: r.birth_date, sex: r.sex, address: r.address, registeredOn: r.registered_on, lostOn: r.lost_on, identityCheck: r.identity_check },
          anotherLive: r.another_live,
        },
      ],
    }));
  }

  position(): SourcePosition {
    return { afterMyNumber: this.after.myNumber, afterLinkageId: this.after.linkageId, read: this.read };
  }

  progress(): { done: number; total: number } {
    return { done: this.read, total: this.total };
  }

  async close(): Promise<void> {
    if (this.ready) await this.client.end();
  }
}

export function openPostgresSource(url: string, shard: Shard, from: SourcePosition | null): PostgresLinkageSource {
  return new PostgresLinkageSource(new pg.Client({ connectionString: url }), shard, from);
}
