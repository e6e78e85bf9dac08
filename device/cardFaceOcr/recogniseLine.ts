import { ScanError } from '../cardFace/CardFaceScanner.ts';
import { hasErrorCode } from '../../foundation/CodedError.ts';
import { ProgramError, runProgram } from '../../foundation/runProgram.ts';

export interface RecognisedLine {
  /** The words as read, spaces removed (tesseract splits Japanese into "words": 「昭和 55 年 2 月 17 日 生」). */
  text: string;
  /** Mean word confidence, 0–100; 0 when nothing was read. */
  confidence: number;
}

export interface RecogniseOptions {
  /** tesseract's language: `jpn` for the dates, `eng` for the digits-only code. */
  language: 'jpn' | 'eng';
  /** The only characters the field can hold. */
  whitelist: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The tesseract to run (default `tesseract` on PATH). */
  tesseract?: string;
}

export const INSTALL_TESSERACT = 'apt-get install -y tesseract-ocr tesseract-ocr-jpn';

/**
 * One line of print read by Debian's tesseract CLI: the crop on stdin, TSV out (per-word confidences).
 * `--psm 7` (a single line) with a whitelist per field; OMP_THREAD_LIMIT=1 because three of these run
 * at once and OpenMP's threads fight over the cores (a card took 655 ms without, 387 ms with; research §2.3).
 * Rejects with ScanError ENGINE_MISSING when tesseract or its language data is not installed.
 */
export async function recogniseLine(png: Uint8Array, options: RecogniseOptions): Promise<RecognisedLine> {
  const tesseract = options.tesseract ?? 'tesseract';
  const args = ['stdin', 'stdout', '-l', options.language, '--psm', '7', '-c', `tessedit_char_whitelist=${options.whitelist}`, 'tsv'];
  let stdout: Buffer;
  try {
    ({ stdout } = await runProgram(tesseract, args, { input: png, timeoutMs: options.timeoutMs, signal: options.signal, env: { OMP_THREAD_LIMIT: '1' } }));
  } catch (error) {
    if (hasErrorCode(error, ['PROGRAM_MISSING'])) throw new ScanError('ENGINE_MISSING', `The OCR engine tesseract is not installed: ${INSTALL_TESSERACT}`, { cause: error });
    if (error instanceof ProgramError && /Failed loading language|Error opening data file/.test(error.stderr)) {
      const pkg = options.language === 'jpn' ? 'tesseract-ocr-jpn' : 'tesseract-ocr-eng';
      throw new ScanError('ENGINE_MISSING', `tesseract has no ${options.language} language data (${pkg}): ${INSTALL_TESSERACT}`, { cause: error });
    }
    if (hasErrorCode(error, ['PROGRAM_TIMEOUT', 'PROGRAM_ABORTED'])) throw new ScanError('TIMEOUT', `The OCR was given up: ${(error as Error).message}`, { cause: error });
    throw new ScanError('UNREADABLE', `tesseract failed: ${(error as Error).message}`, { cause: error });
  }
  return parseTesseractTsv(stdout.toString('utf8'));
}

/** TSV columns: level … conf text; level 5 rows are words, conf −1 rows are layout. */
export function parseTesseractTsv(tsv: string): RecognisedLine {
  const words = tsv
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter((cells) => cells[0] === '5' && (cells[11] ?? '').trim() !== '');
  if (words.length === 0) return { text: '', confidence: 0 };
  const confidence = words.reduce((sum, cells) => sum + Number(cells[10]), 0) / words.length;
  return { text: words.map((cells) => cells[11]!.trim()).join(''), confidence };
}
