import { runProviderContract } from '../contracts/provider.contract.js';
import { magicNumbers } from '../fakes/twilio-server.js';
import { ourNumber, startRig } from './support.js';

runProviderContract('Twilio adapter on the fake Twilio', async () => {
  const rig = await startRig();
  const delivered = new Set<string>();
  return {
    provider: rig.provider,
    reachable: (i) => `+1415555${String(1000 + i).padStart(4, '0')}`,
    invalidNumber: magicNumbers.invalidTo,
    now: () => rig.clock.now(),
    async advance(ms) {
      await rig.clock.sleepUntil(rig.clock.nowMs() + ms);
      // Twilio reports while time passes: every message taken so far reaches the handset.
      for (const message of rig.fake.messages) {
        if (delivered.has(message.sid)) continue;
        delivered.add(message.sid);
        await rig.fake.deliver(message.sid, { statuses: ['sent', 'delivered'] });
      }
    },
    async customerWrites(from, body) {
      await rig.fake.sendInbound({ from, to: ourNumber, body });
    },
    close: () => rig.close()
  };
});
