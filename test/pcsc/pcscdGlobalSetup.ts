import { spawnSync } from 'node:child_process';
import { ensurePcscd, runningPcscdPid } from '../harness/pcscdRig.ts';

/**
 * The hardware-path tests need the real pcscd with vsmartcard's vpcd driver. Reuse a running one
 * (one pcscd per machine), or start it as our child and stop it afterwards. Never skip: a missing
 * install fails here with how to fix it.
 */
export default async function startPcscd(): Promise<(() => Promise<void>) | void> {
  // Debian's vpcd sends each frame in two writes; without quickack every APDU stalls ~44 ms on loopback.
  spawnSync('ip', ['route', 'change', 'local', '127.0.0.1', 'dev', 'lo', 'proto', 'kernel', 'scope', 'host', 'src', '127.0.0.1', 'table', 'local', 'quickack', '1']);
  const rig = await ensurePcscd({ port: 35963, log: 'test-results/pcscd.log' });
  if (rig.kind === 'unavailable') throw new Error(rig.reason);
  if (rig.kind === 'reused') return;
  return async () => {
    await rig.stop();
    // The restart test replaces our pcscd with a new one; we started the rig, so we stop that one too.
    const successor = runningPcscdPid();
    if (successor !== undefined) process.kill(successor, 'SIGTERM');
  };
}
