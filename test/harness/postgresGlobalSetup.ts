import { startPostgresRig } from './postgresRig.ts';

/** One private PostgreSQL cluster for the run of the service-postgres project; every test service makes its own database on it. */
export default function setup(): () => void {
  // fsync off: the cluster is thrown away after the run, and durability across a power cut is SQLite's and PostgreSQL's own business, not these tests'.
  const rig = startPostgresRig({ database: 'postgres_tests', settings: { fsync: 'off', max_connections: '300' } });
  process.env.MYNA_TEST_POSTGRES_URL = rig.url;
  return () => rig.stop();
}
