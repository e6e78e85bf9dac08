import Database from 'better-sqlite3';

/** What the service recorded for the kiosk's re-checks: activations and look-ups (by reference number, so a replay is not counted twice). */
export function recheckTrailAtService(dbFile: string): { activations: number; lookups: number } {
  const db = new Database(dbFile, { readonly: true });
  try {
    const activations = (db.prepare("SELECT count(*) AS n FROM outage_activations WHERE contact_person = 'kiosk re-check'").get() as { n: number }).n;
    const lookups = (
      db
        .prepare(
          `SELECT count(DISTINCT json_extract(a.detail, '$.referenceNumber')) AS n FROM audit_log a
           JOIN outage_activations o ON o.id = json_extract(a.detail, '$.activationId')
           WHERE a.action = 'outage.lookup' AND o.contact_person = 'kiosk re-check'`,
        )
        .get() as { n: number }
    ).n;
    return { activations, lookups };
  } finally {
    db.close();
  }
}
