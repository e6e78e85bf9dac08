// The eligibility service in a process of its own, for a load test whose load generator must not share
// its event loop. Sends { url, clinic } on IPC once it listens, and what its door did when asked; exits
// when the parent goes.
import { startTestService } from '../harness/startTestService.ts';

const service = await startTestService();
const cpu0 = process.cpuUsage();
process.send!({ url: service.server.url, clinic: service.clinic(0) });
process.on('message', (m) => {
  if ((m as { type?: string }).type !== 'admissions') return;
  const cpu = process.cpuUsage(cpu0);
  process.send!({ admissions: service.server.admissions(), lockouts: service.server.lockouts(), cpuSeconds: (cpu.user + cpu.system) / 1e6 });
});
process.on('disconnect', () => {
  void service.dispose().finally(() => process.exit(0));
});
