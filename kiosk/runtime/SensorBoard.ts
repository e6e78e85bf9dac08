import type { FaceCamera } from '../../device/camera/FaceCamera.ts';
import type { CardFaceScanner } from '../../device/cardFace/CardFaceScanner.ts';
import type { SensorProblem, SensorStatus } from '../protocol/KioskScreen.ts';
import { sensorProblemOf } from './sensorProblemOf.ts';

/** Problems after which the sensor still works for the next card (one card's face was unreadable). */
const ONE_CARD_ONLY: ReadonlyArray<SensorProblem['code']> = ['unreadable', 'noFrame'];

/**
 * The reader's sensors as the staff view shows them: what each is (from the start-up report) and what
 * went wrong with it last. A camera fault, a camera in use, a missing model or OCR engine makes the
 * sensor not ready until it works again; an unreadable card face is noted on a scanner that stays ready.
 */
export class SensorBoard {
  private readonly configured: SensorStatus[];
  private current: SensorStatus[];

  constructor(
    initial: SensorStatus[],
    private readonly onChange: () => void,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.configured = initial.map((s) => ({ ...s }));
    this.current = initial.map((s) => ({ ...s }));
  }

  list(): SensorStatus[] {
    return this.current;
  }

  /** What went wrong with `sensor`, on the board until it works again. */
  report(sensor: SensorStatus['sensor'], problem: SensorProblem): void {
    const base = this.configured.find((s) => s.sensor === sensor);
    if (!base) return;
    const next: SensorStatus = { ...base, ready: base.ready && ONE_CARD_ONLY.includes(problem.code), problem };
    this.current = this.current.map((s) => (s.sensor === sensor ? next : s));
    this.onChange();
  }

  /** It worked: back to what it was at start (a problem found at start stays until then). */
  clear(sensor: SensorStatus['sensor']): void {
    const now = this.current.find((s) => s.sensor === sensor);
    if (!now?.problem) return;
    const base = this.configured.find((s) => s.sensor === sensor)!;
    this.current = this.current.map((s) => (s.sensor === sensor ? { ...base, ready: base.problem ? true : base.ready } : s));
    delete this.current.find((s) => s.sensor === sensor)!.problem;
    this.onChange();
  }

  /** The camera's faults and recoveries go on the board. */
  watchCamera(camera: FaceCamera): Array<() => void> {
    return [
      camera.on('camera.fault', (error) => {
        const problem = sensorProblemOf(error, this.now());
        if (problem) this.report('camera', problem);
      }),
      camera.on('camera.recovered', () => this.clear('camera')),
    ];
  }

  /** The scanner, with every failed scan on the board and a good one clearing it. */
  watchScanner(scanner: CardFaceScanner): CardFaceScanner {
    return {
      name: scanner.name,
      needsPatient: scanner.needsPatient,
      scan: async (request) => {
        try {
          const fields = await scanner.scan(request);
          this.clear('cardFace');
          return fields;
        } catch (error) {
          const problem = sensorProblemOf(error, this.now());
          if (problem) this.report('cardFace', problem);
          throw error;
        }
      },
    };
  }
}
