import { messageOf } from '../foundation/CodedError.ts';
import { EventHub } from '../foundation/EventHub.ts';
import { SimulatorError, type ScenarioProgress, type SimCommand, type SimulatorControl, type SimulatorState } from '../kiosk/protocol/SimulatorControl.ts';
import type { KioskRuntime } from '../kiosk/runtime/createKioskRuntime.ts';
import { loadShippedScenario } from '../sim/kioskScenario/KioskScenario.ts';
import { describeStep, expectationFailures, playScenario } from './playScenario.ts';

/**
 * The simulator's levers plus the kiosk's own that only the composition root can pull: letting the
 * statechart's waits pass (fast-forward), and playing a shipped scenario on the live kiosk so the
 * screens show it step by step. Everything else goes to the devices' control unchanged.
 */
export function withKioskLevers(devices: SimulatorControl, runtime: KioskRuntime): SimulatorControl {
  const logs = new EventHub<{ line: (text: string) => void }>();
  let progress: ScenarioProgress | null = null;
  const say = (text: string) => logs.emit('line', text);

  async function play(name: string): Promise<void> {
    if (progress?.status === 'playing') throw new SimulatorError('COMMAND_FAILED', `The scenario ${progress.name} is still playing.`);
    const { scenario } = loadShippedScenario(name);
    progress = { name, description: scenario.description, done: 0, of: scenario.steps.length, status: 'playing', note: 'starting' };
    say(`scenario ${name}: ${scenario.description}`);
    const run = (command: SimCommand) => devices.execute(command);
    const before = runtime.visits.list().length;
    void playScenario(
      scenario,
      runtime,
      {
        place: (profile, smudged) => run({ type: 'card.place', profile, ...(smudged ? { smudged } : {}) }),
        remove: () => run({ type: 'card.remove' }),
        camera: (outcome) => run({ type: 'camera.next', outcome }),
        panel: (action) => run(action === 'detach' ? { type: 'panel.detach' } : action === 'reattach' ? { type: 'panel.reattach' } : { type: 'panel.press', button: action }),
        fault: (fault) => run({ type: 'reader.fault', fault }),
        service: (faults) => run({ type: 'service.faults', faults }),
        advance: (ms) => runtime.fastForward(ms),
      },
      (index, step) => {
        progress = { ...progress!, done: index, note: describeStep(step) };
        say(`scenario ${name} step ${index + 1}/${scenario.steps.length}: ${describeStep(step)}`);
      },
    ).then(
      () => {
        const visits = runtime.visits.list();
        const failures = visits.length > before ? expectationFailures(scenario, visits) : scenario.expect ? ['no visit was recorded'] : [];
        progress = { ...progress!, done: scenario.steps.length, status: failures.length ? 'failed' : 'passed', note: failures.length ? failures.join('; ') : 'every step done, the visit record as expected' };
        say(`scenario ${name} ${progress.status}: ${progress.note}`);
      },
      (error: unknown) => {
        progress = { ...progress!, status: 'failed', note: messageOf(error) };
        say(`scenario ${name} failed: ${progress.note}`);
      },
    );
  }

  return {
    profiles: () => devices.profiles(),
    ...(devices.catalogue ? { catalogue: () => devices.catalogue!() } : {}),
    state(): SimulatorState {
      return { ...devices.state(), timers: { nextMs: runtime.nextWaitMs() }, scenario: progress };
    },
    async execute(command: SimCommand): Promise<void> {
      if (command.type === 'timers.fastForward') {
        const ms = command.ms ?? runtime.nextWaitMs();
        if (ms === null) throw new SimulatorError('COMMAND_FAILED', 'No wait of the statechart is pending: nothing to fast-forward.');
        say(`fast-forward ${ms} ms`);
        runtime.fastForward(ms);
        return;
      }
      if (command.type === 'scenario.play') return play(command.name);
      return devices.execute(command);
    },
    onTrace: (listener) => devices.onTrace(listener),
    onLog(listener) {
      const offOwn = logs.on('line', listener);
      const offDevices = devices.onLog?.(listener);
      return () => {
        offOwn();
        offDevices?.();
      };
    },
    visitEnded: () => devices.visitEnded?.(),
  };
}
