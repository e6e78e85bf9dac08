import type { FaceCamera } from '../camera/FaceCamera.ts';
import type { ReaderList } from '../card/ReaderList.ts';
import type { CardFaceScanner } from '../cardFace/CardFaceScanner.ts';
import type { StaffPanel } from '../panel/StaffPanel.ts';
import type { ReaderIdentity } from './ReaderIdentity.ts';

/**
 * The devices of one 顔認証付きカードリーダー, real or simulated, as configured: the runtime only sees
 * these interfaces. The card slot and the staff panel are always there (the staff view's buttons stand
 * in for a panel); a kiosk without a face camera offers no face matching, and one without a card-face
 * scanner asks staff to type the three fields off the card when a photo is needed.
 */
export interface KioskDevices {
  readers: ReaderList;
  /** Which reader of the list is the kiosk's card slot (pick by name, never by index). */
  readerName: string;
  /** The reader as a registered device: its key signs every attestation and, when certified, authenticates it to cards. */
  readerIdentity: ReaderIdentity;
  /**
   * The smartphone reader (汎用カードリーダー) beside the face reader, for the スマホ用電子証明書: a reader of
   * any list (PC/SC: a real NFC reader or a vpcd slot; or simulated), picked by name. Absent: the facility
   * takes no phones and the kiosk never offers スマートフォン.
   */
  phoneReader?: { readers: ReaderList; name: string };
  /**
   * The reader attached to the マイナ資格確認アプリ's device (staff smartphone, at the counter): a reader of any
   * list (PC/SC, e.g. an NFC reader, or simulated), picked by name. Absent: the kiosk has no staff app.
   */
  staffAppReader?: { readers: ReaderList; name: string };
  scanner?: CardFaceScanner;
  camera?: FaceCamera;
  panel: StaffPanel;
  close(): Promise<void>;
}
