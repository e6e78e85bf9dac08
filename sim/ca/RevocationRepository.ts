import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CardProfile } from '../cardProfile/CardProfile.ts';
import type { JpkiTestCa } from './JpkiTestCa.ts';
import { issueRevocationList, revocationsOf, type PublishedList, type Revocation } from './JpkiRevocationLists.ts';
import type { JpkiKind } from './jpkiCertificateProfile.ts';

/** The index a verifier reads first (ours: J-LIS gives registered verifiers the repository's details on paper). */
export interface RepositoryIndex {
  /** scope `user`: a CRL of card certificates; `ca`: the ARL at the CA's own name. */
  lists: Array<{ kind: JpkiKind; scope: 'user' | 'ca'; distributionPoint: string; url: string; nextUpdate: string }>;
}

export interface RevocationRepositoryOptions {
  ca: JpkiTestCa;
  profiles: readonly CardProfile[];
  /** More revocations than the profiles' `revoked` flags (a test revokes a valid card this way). */
  extra?: readonly Revocation[];
  /** When the profiles' revoked cards were revoked; default 2025-06-01 00:00 JST. */
  revokedAt?: Date;
  port?: number;
  now?: () => Date;
}

export interface RevocationRepository {
  /** `http://127.0.0.1:<port>`: GET /jpki/crls (the index, JSON), GET /jpki/crl?dn=<RFC 4514 DN> (DER). */
  url: string;
  /** Today's lists, as served. */
  lists(): Promise<PublishedList[]>;
  close(): Promise<void>;
}

/**
 * The simulated CA's CRL repository, on loopback only: one CRL per distribution point a card certificate
 * names (per kind and issuing municipality), issued again each JST day. Certificates carry the
 * distribution point as a directoryName, never this URL, as the real ones do; the verifier maps the name
 * to the repository (docs/card.md, Revocation).
 */
export async function startRevocationRepository(options: RevocationRepositoryOptions): Promise<RevocationRepository> {
  const now = options.now ?? (() => new Date());
  const { partitions, revocations } = revocationsOf(options.profiles, options.revokedAt ?? new Date('2025-06-01T00:00:00+09:00'));
  const all = [...revocations, ...(options.extra ?? [])];
  let cached: { day: string; lists: Promise<PublishedList[]> } | undefined;
  const lists = () => {
    const at = now();
    const day = new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
    if (cached?.day !== day) cached = { day, lists: Promise.all(partitions.map((p) => issueRevocationList(options.ca, p.kind, p.distributionPoint, all, at, p.scope))) };
    return cached.lists;
  };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const answer = (status: number, type: string, body: string | Uint8Array) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (request.method !== 'GET') return answer(405, 'text/plain', 'GET only\n');
    lists().then(
      (published) => {
        if (url.pathname === '/jpki/crls') {
          const index: RepositoryIndex = {
            lists: published.map((l) => ({ kind: l.kind, scope: l.scope, distributionPoint: l.distributionPointText, url: `${base()}/jpki/crl?dn=${encodeURIComponent(l.distributionPointText)}`, nextUpdate: l.nextUpdate.toISOString() })),
          };
          return answer(200, 'application/json', JSON.stringify(index));
        }
        if (url.pathname === '/jpki/crl') {
          const found = published.find((l) => l.distributionPointText === url.searchParams.get('dn'));
          return found ? answer(200, 'application/pkix-crl', found.der) : answer(404, 'text/plain', 'no CRL for that distribution point\n');
        }
        return answer(404, 'text/plain', 'GET /jpki/crls or /jpki/crl?dn=<distribution point>\n');
      },
      (error: unknown) => answer(500, 'text/plain', `the CRL could not be issued: ${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base(),
    lists,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
