import { CameraError } from '../camera/CameraError.ts';
import { hasErrorCode } from '../../foundation/CodedError.ts';
import { runProgram } from '../../foundation/runProgram.ts';

export type CardPhotoFormat = 'png' | 'jpeg2000' | 'jpeg' | 'unknown';

/** By signature: PNG (the simulator's), JP2 box or raw J2K codestream (real cards), JPEG. */
export function cardPhotoFormat(bytes: Uint8Array): CardPhotoFormat {
  const at = (i: number, ...expected: number[]) => expected.every((b, k) => bytes[i + k] === b);
  if (at(0, 0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (at(4, 0x6a, 0x50, 0x20, 0x20) || at(0, 0xff, 0x4f, 0xff, 0x51)) return 'jpeg2000';
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  return 'unknown';
}

export interface DecodeCardPhotoOptions {
  /** The ffmpeg to decode JPEG 2000 with (default: `ffmpeg` on PATH). */
  ffmpeg?: string;
  signal?: AbortSignal;
}

/**
 * The card photo as PNG, what the face model reads. Real cards hold a greyscale JPEG 2000, which
 * neither pngjs nor a browser decodes: Debian's ffmpeg does (libopenjp2), in ~120 ms with the spawn,
 * to the same embedding as a PNG of the same photo (research §1.9). Rejects with INVALID_PHOTO.
 */
export async function decodeCardPhoto(photo: Uint8Array, options: DecodeCardPhotoOptions = {}): Promise<Uint8Array> {
  if (photo.length === 0) throw new CameraError('INVALID_PHOTO', 'The card photo is empty.');
  const format = cardPhotoFormat(photo);
  if (format === 'png') return photo;
  if (format === 'unknown') throw new CameraError('INVALID_PHOTO', `The card photo is neither PNG nor JPEG 2000 (first bytes ${Buffer.from(photo.subarray(0, 8)).toString('hex')}).`);
  const ffmpeg = options.ffmpeg ?? 'ffmpeg';
  try {
    // No -f for the input: ffmpeg probes JP2 (there is no jpeg2000_pipe; j2k_pipe is for raw codestreams only).
    const { stdout } = await runProgram(ffmpeg, ['-v', 'error', '-i', 'pipe:0', '-frames:v', '1', '-pix_fmt', 'gray', '-f', 'image2pipe', '-vcodec', 'png', 'pipe:1'], {
      input: photo,
      timeoutMs: 5_000,
      signal: options.signal,
    });
    if (stdout.length === 0) throw new CameraError('INVALID_PHOTO', `ffmpeg decoded no image from the ${format} card photo.`);
    return new Uint8Array(stdout);
  } catch (error) {
    if (error instanceof CameraError) throw error;
    if (hasErrorCode(error, ['PROGRAM_ABORTED'])) throw new CameraError('ABORTED', 'Decoding the card photo was aborted.', { cause: error });
    if (hasErrorCode(error, ['PROGRAM_MISSING'])) {
      throw new CameraError('INVALID_PHOTO', `The card photo is ${format === 'jpeg2000' ? 'JPEG 2000 (as real cards hold it)' : 'JPEG'}, and ffmpeg, which decodes it, is not installed (${ffmpeg}): apt-get install -y ffmpeg`, { cause: error });
    }
    throw new CameraError('INVALID_PHOTO', `The ${format} card photo cannot be decoded: ${(error as Error).message}`, { cause: error });
  }
}
