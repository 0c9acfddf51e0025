// A stand-in for a test runner, for the cleanup cases: boots one guest from the image directory
// given as argument, prints where its processes and files are as one JSON line, then waits to be
// killed.
import { Lab } from '../../../harness/lab/lab.ts';
import { loadImage } from '../../../harness/qemu/image.ts';

const lab = await Lab.open({ name: 'cleanup-runner', log: () => {} });
const guest = await lab.guest({ name: 'router', image: loadImage(process.argv[2]), nics: [{ name: 'lan', segment: 'lan' }] });
await guest.waitReady();
process.stdout.write(JSON.stringify({ qemu: guest.pid, relay: lab.netns.pid, runDir: lab.runDir }) + '\n');
setInterval(() => {}, 1 << 30);
