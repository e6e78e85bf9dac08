import { existsSync } from 'node:fs';
import { CameraError, type CameraErrorCode } from '../camera/CameraError.ts';
import type { CameraFrame, FrameRequest, FrameSource, FrameSourceEvents } from '../camera/FrameSource.ts';
import { hasErrorCode } from '../../foundation/CodedError.ts';
import { EventHub } from '../../foundation/EventHub.ts';
import { ProgramError, runProgram } from '../../foundation/runProgram.ts';
import { readPngSize } from './readPngSize.ts';
import { SourceHealth } from './SourceHealth.ts';

export interface V4l2FrameSourceOptions {
  /** The camera (default /dev/video0); `v4l2-ctl --list-devices` lists them. */
  device?: string;
  /** What the camera sends: `mjpeg` (most USB cameras; less USB bandwidth) or `yuyv422` (cameras without MJPEG). Default: ffmpeg's choice. */
  inputFormat?: string;
  /** e.g. `1280x720` for a card face, `640x480` for a face; `ffmpeg -f v4l2 -list_formats all -i /dev/video0` lists them. Default: the camera's. */
  videoSize?: string;
  /** Frames dropped before the one kept, while auto-exposure settles (default 5). */
  skipFrames?: number;
  /** The ffmpeg to run (default `ffmpeg` on PATH). */
  ffmpeg?: string;
  /**
   * ffmpeg's input arguments in place of `-f v4l2 … -i DEVICE`, for a rig without a camera:
   * `['-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=5']` or `['-re', '-i', 'face.y4m']`. The
   * device check is then skipped.
   */
  input?: string[];
  name?: string;
}

const INSTALL_FFMPEG = 'apt-get install -y ffmpeg';
/** Failures that mean the camera is gone or unusable until something is fixed (source.lost). */
const LOST_CODES: readonly CameraErrorCode[] = ['NO_CAMERA', 'IN_USE', 'CAMERA_FAULT'];

/**
 * A V4L2 camera (a USB camera or document camera on Linux) read one still at a time through Debian's
 * ffmpeg: `ffmpeg -f v4l2 [-input_format mjpeg] [-video_size WxH] -i /dev/video0 -vf select=gte(n\,5)
 * -frames:v 1 -f image2pipe -vcodec png pipe:1`. Each capture opens the device (~0.3 s, research §3),
 * which suits the card face (one still per visit) and is acceptable for a face (2 frames per attempt).
 * Needs read access to the device: run as root or in group `video`.
 */
export class V4l2FrameSource implements FrameSource {
  readonly name: string;
  private readonly device: string;
  private readonly ffmpeg: string;
  private readonly args: string[];
  private readonly events = new EventHub<FrameSourceEvents>();
  private readonly health = new SourceHealth(this.events);
  private readonly checkDevice: boolean;
  private busy = false;

  constructor(options: V4l2FrameSourceOptions = {}) {
    this.device = options.device ?? '/dev/video0';
    this.ffmpeg = options.ffmpeg ?? 'ffmpeg';
    this.checkDevice = options.input === undefined;
    const input = options.input ?? [
      '-f',
      'v4l2',
      ...(options.inputFormat ? ['-input_format', options.inputFormat] : []),
      ...(options.videoSize ? ['-video_size', options.videoSize] : []),
      '-i',
      this.device,
    ];
    const skip = options.skipFrames ?? 5;
    this.args = ['-hide_banner', '-loglevel', 'error', '-nostdin', ...input, ...(skip > 0 ? ['-vf', `select=gte(n\\,${skip})`] : []), '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', 'pipe:1'];
    this.name = options.name ?? `V4L2 camera ${options.input ? options.input.join(' ') : this.device}`;
  }

  /** The ffmpeg command line a capture runs (docs, and the tests' fake ffmpeg). */
  get commandLine(): string[] {
    return [this.ffmpeg, ...this.args];
  }

  on<E extends keyof FrameSourceEvents>(event: E, listener: FrameSourceEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  async capture(request: FrameRequest): Promise<CameraFrame> {
    if (this.busy) throw new CameraError('BUSY', `A capture from ${this.device} is already running.`);
    this.busy = true;
    try {
      const frame = await this.grab(request);
      this.health.ok();
      return frame;
    } catch (error) {
      if (error instanceof CameraError && LOST_CODES.includes(error.code)) this.health.lost(error);
      throw error;
    } finally {
      this.busy = false;
    }
  }

  private async grab(request: FrameRequest): Promise<CameraFrame> {
    if (this.checkDevice && !existsSync(this.device)) {
      throw new CameraError('NO_CAMERA', `No camera at ${this.device}: plug it in, or configure its device (\`v4l2-ctl --list-devices\` lists them; apt-get install -y v4l-utils).`);
    }
    let stdout: Buffer;
    try {
      ({ stdout } = await runProgram(this.ffmpeg, this.args, { timeoutMs: request.deadlineMs, signal: request.signal }));
    } catch (error) {
      throw this.explain(error, request);
    }
    const size = readPngSize(stdout);
    if (!size) throw new CameraError('CAMERA_FAULT', `ffmpeg gave no PNG from ${this.device} (${stdout.length} bytes).`);
    return { png: new Uint8Array(stdout), ...size, capturedAt: Date.now() };
  }

  private explain(error: unknown, request: FrameRequest): CameraError {
    if (hasErrorCode(error, ['PROGRAM_MISSING'])) return new CameraError('NO_CAMERA', `ffmpeg, which reads the V4L2 camera, is not installed (${this.ffmpeg}): ${INSTALL_FFMPEG}`, { cause: error });
    if (hasErrorCode(error, ['PROGRAM_TIMEOUT'])) return new CameraError('TIMEOUT', `No frame from ${this.device} within ${request.deadlineMs} ms.`, { cause: error });
    if (hasErrorCode(error, ['PROGRAM_ABORTED'])) return new CameraError('ABORTED', 'The capture was aborted.', { cause: error });
    const stderr = error instanceof ProgramError ? error.stderr : '';
    if (/No such file or directory|No such device/i.test(stderr)) return new CameraError('NO_CAMERA', `The camera ${this.device} went away: ${stderr}`, { cause: error });
    if (/Device or resource busy/i.test(stderr)) return new CameraError('IN_USE', `The camera ${this.device} is in use by another program (close it, or check \`fuser ${this.device}\`): ${stderr}`, { cause: error });
    if (/Permission denied/i.test(stderr)) return new CameraError('CAMERA_FAULT', `No permission to open ${this.device}: run the kiosk in group \`video\` (usermod -aG video USER).`, { cause: error });
    return new CameraError('CAMERA_FAULT', `ffmpeg could not take a frame from ${this.device}: ${stderr || (error as Error).message}`, { cause: error });
  }
}
