import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadDataFile } from '../foundation/DataFile.ts';
import { REPORT_FILES } from '../linkage/check/LinkageCheckFiles.ts';
import { LinkageError } from '../linkage/LinkageError.ts';
import { serveStaticFiles } from '../kiosk/runtime/serveStaticFiles.ts';
import { LINKAGE_REPORT_PATHS, LinkageClassSchema, LinkageReportSchema, SuspectSchema, type SuspectPage } from '../protocol/linkageReport/LinkageReport.ts';
import { BUILT_SCREENS_DIR } from './startKiosk.ts';

export interface LinkageReportServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** How many suspects one page of the list carries. */
export const SUSPECT_PAGE = 50;

/**
 * The insurer's page and its data: the built screens (kiosk/ui/dist, `#/insurer`) and the report of one
 * `kiosk linkage check` run — the summary as the check wrote it, and the suspect list page by page from
 * report.sqlite (by insurer and class), so a 10^7-record run's suspects are never all in memory.
 */
export async function serveLinkageReport(options: { reportDir: string; port?: number; host?: string; staticDir?: string }): Promise<LinkageReportServer> {
  const summary = loadDataFile(join(options.reportDir, REPORT_FILES.summary), LinkageReportSchema, {
    what: 'linkage report',
    error: (_, message, cause) => new LinkageError('INPUT_INVALID', `${message} Run \`kiosk linkage check --in … --out ${options.reportDir}\` first.`, { cause }),
  });
  const db = new Database(join(options.reportDir, REPORT_FILES.suspects), { readonly: true, fileMustExist: true });
  const statics = serveStaticFiles(options.staticDir ?? BUILT_SCREENS_DIR);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://report');
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }).end(JSON.stringify(body));
    if (url.pathname === LINKAGE_REPORT_PATHS.summary) return json(200, summary);
    if (url.pathname === LINKAGE_REPORT_PATHS.suspects) {
      const insurer = url.searchParams.get('insurer');
      const cls = url.searchParams.get('class');
      if (cls !== null && !LinkageClassSchema.safeParse(cls).success) return json(400, { error: `unknown class ${JSON.stringify(cls)}; one of ${LinkageClassSchema.options.join(', ')}` });
      const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
      const where = `WHERE (? IS NULL OR insurer_number = ?) AND (? IS NULL OR class = ?)`;
      const args = [insurer, insurer, cls, cls];
      const total = (db.prepare(`SELECT count(*) AS n FROM suspects ${where}`).get(...args) as { n: number }).n;
      const rows = db.prepare(`SELECT suspect FROM suspects ${where} ORDER BY insurer_number, class = 'otherPerson' DESC, linkage_id LIMIT ? OFFSET ?`).all(...args, SUSPECT_PAGE, offset) as { suspect: string }[];
      const page: SuspectPage = { total, offset, suspects: rows.map((r) => SuspectSchema.parse(JSON.parse(r.suspect))) };
      return json(200, page);
    }
    return statics(req, res);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return {
    server,
    url,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
