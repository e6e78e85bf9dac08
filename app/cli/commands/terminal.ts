import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { startTerminal } from '../../startTerminal.ts';

interface TerminalCliOptions {
  root: string;
  req?: string;
  res?: string;
  face?: string;
  processing?: string;
  terminalId: string;
  service: string;
  clinic: string;
  secret?: string;
  encoding: 'utf-8' | 'shift_jis';
  polling?: boolean;
  interval: number;
  stableMs: number;
  maxBytes: number;
  deadlineMs: number;
}

function positive(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive whole number, got ${JSON.stringify(value)}`);
    return n;
  };
}

function encoding(value: string): 'utf-8' | 'shift_jis' {
  const v = value.toLowerCase().replace('-', '_');
  if (v === 'utf_8' || v === 'utf8') return 'utf-8';
  if (v === 'shift_jis' || v === 'sjis') return 'shift_jis';
  throw new InvalidArgumentError(`--encoding is utf-8 or shift_jis, got ${JSON.stringify(value)}`);
}

export function registerTerminalCommand(program: Command): void {
  program
    .command('terminal')
    .description('the 資格確認端末 alone: answer clinic software\'s request files in <root>/req into <root>/res, against any eligibility service (docs/terminal-files.md)')
    .option('--root <dir>', 'the shared folder (req, res, face, processing beneath it)', join(homedir(), '.local', 'share', 'myna-kiosk', 'oqs'))
    .option('--req <dir>', 'request folder (default <root>/req)')
    .option('--res <dir>', 'result folder (default <root>/res)')
    .option('--face <dir>', 'face-result folder (default <root>/face)')
    .option('--processing <dir>', 'claim folder, on the same file system (default <root>/processing)')
    .option('--terminal-id <id>', 'this terminal\'s name; unique per share, stable across restarts', 'terminal-1')
    .requiredOption('--service <url>', 'the eligibility service, e.g. ws://127.0.0.1:8790')
    .option('--clinic <code>', '医療機関コード', '1310000001')
    .option('--secret <secret>', 'the clinic\'s secret (env ELIGIBILITY_CLINIC_SECRET)')
    .option('--encoding <encoding>', 'results when a request does not ask: utf-8 or shift_jis', encoding, 'utf-8')
    .option('--polling', 'poll the request folder instead of file-system events (network shares)')
    .option('--interval <ms>', 'polling interval', positive('--interval'), 100)
    .option('--stable-ms <ms>', 'a request is read once unchanged this long', positive('--stable-ms'), 300)
    .option('--max-bytes <n>', 'larger requests are refused unread', positive('--max-bytes'), 8 * 1024 * 1024)
    .option('--deadline-ms <ms>', 'how long a request waits for the service before E0201', positive('--deadline-ms'), 10_000)
    .action(async (opts: TerminalCliOptions) => {
      const secret = opts.secret ?? process.env.ELIGIBILITY_CLINIC_SECRET;
      if (!secret) throw new InvalidArgumentError('--secret (or ELIGIBILITY_CLINIC_SECRET) is required: the service authenticates the clinic');
      const terminal = await startTerminal({
        folders: { root: opts.root, ...(opts.req ? { req: opts.req } : {}), ...(opts.res ? { res: opts.res } : {}), ...(opts.face ? { face: opts.face } : {}), ...(opts.processing ? { processing: opts.processing } : {}) },
        terminalId: opts.terminalId,
        medicalInstitutionCode: opts.clinic,
        service: { url: opts.service, medicalInstitutionCode: opts.clinic, secret, terminalId: opts.terminalId },
        encoding: opts.encoding,
        watch: { polling: opts.polling === true, intervalMs: opts.interval, stableMs: opts.stableMs },
        maxRequestBytes: opts.maxBytes,
        serviceDeadlineMs: opts.deadlineMs,
        log: (line) => console.log(`[terminal] ${line}`),
      });
      terminal.onAnswered((a) => console.log(`[terminal] ${a.request ?? 'push'} → ${a.delivered.join(', ')}${a.rejection ? ` (${a.rejection})` : ''}`));
      console.log(`資格確認端末 ${opts.terminalId} for clinic ${opts.clinic}, service ${opts.service}`);
      console.log(`requests  ${terminal.folders.req}`);
      console.log(`results   ${terminal.folders.res}`);
      console.log(`face      ${terminal.folders.face}`);
      console.log(`claims    ${terminal.folders.processing}`);
      console.log(`${opts.polling ? `polling every ${opts.interval} ms` : 'watching file-system events'}; Ctrl-C stops.`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await terminal.close();
    });
}
