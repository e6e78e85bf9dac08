import type { FaceCamera } from '../camera/FaceCamera.ts';
import type { ReaderList } from '../card/ReaderList.ts';
import type { StaffPanel } from '../panel/StaffPanel.ts';
import type { CardFaceScanner } from '../cardFace/CardFaceScanner.ts';

/** The devices of one 顔認証付きカードリーダー, real or simulated: the runtime only sees these interfaces. */
export interface KioskDevices {
  readers: ReaderList;
  /** Which reader of the list is the kiosk's card slot (pick by name, never by index). */
  readerName: string;
  scanner: CardFaceScanner;
  camera: FaceCamera;
  panel: StaffPanel;
  close(): Promise<void>;
}
