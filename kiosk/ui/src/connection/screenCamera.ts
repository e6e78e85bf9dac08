/**
 * The kiosk display's camera, for the runtime's stills (face matching, card-face OCR): opened once and
 * kept open (opening costs ~0.3 s), a frame drawn to a canvas and sent as PNG. Nothing is kept here.
 */
let stream: Promise<MediaStream> | undefined;
let video: HTMLVideoElement | undefined;

export class ScreenCameraProblem extends Error {
  constructor(
    readonly code: 'NO_CAMERA' | 'IN_USE' | 'CAMERA_FAULT',
    message: string,
  ) {
    super(message);
  }
}

async function openVideo(): Promise<HTMLVideoElement> {
  if (!navigator.mediaDevices?.getUserMedia) throw new ScreenCameraProblem('NO_CAMERA', 'this browser gives no camera (getUserMedia is missing)');
  stream ??= navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false }).catch((error: unknown) => {
    stream = undefined;
    const name = error instanceof DOMException ? error.name : 'Error';
    // NotReadableError: the device is there but another program (or tab) holds it.
    const code = name === 'NotFoundError' || name === 'NotAllowedError' || name === 'OverconstrainedError' ? 'NO_CAMERA' : name === 'NotReadableError' ? 'IN_USE' : 'CAMERA_FAULT';
    throw new ScreenCameraProblem(code, `${name}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const media = await stream;
  if (!video) {
    video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = media;
    await video.play();
  }
  return video;
}

export async function captureScreenFrame(): Promise<{ png: string; width: number; height: number }> {
  const v = await openVideo();
  const width = v.videoWidth || 640;
  const height = v.videoHeight || 480;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new ScreenCameraProblem('CAMERA_FAULT', 'no 2D canvas to draw the frame');
  context.drawImage(v, 0, 0, width, height);
  const png = canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  return { png, width, height };
}
