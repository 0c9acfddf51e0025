// Lab core on every image: the router boots, its shell answers with exit codes, and on `lan` the
// rig sees the router's own frames and gets answers to frames it forges.
import { describe, expect, test } from 'vitest';
import { arpRequest, decodeFrame, encodeFrame, type Ra } from '../../harness/packets/index.ts';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { lan } from '../../topologies/lan.ts';

const UNAME: Record<string, RegExp> = { mipsel: /^mips$/, mips: /^mips$/, armhf: /^armv7l$/, arm64: /^aarch64$/, x86_64: /^x86_64$/ };

describe.each(images())('lab core on $label', (image) => {
  const topo = useTopology(lan, image);

  test('the router boots and its shell reports the architecture of the image', async () => {
    const { router } = topo();
    const r = await router.exec('uname -m');
    expect(r.code).toBe(0);
    expect(r.output).toMatch(UNAME[image.arch]);
  });

  test('exec returns the exit code of the command, not a guess from its output', async () => {
    const { router } = topo();
    expect(await router.exec('false')).toEqual({ code: 1, output: '' });
    expect(await router.exec('true')).toEqual({ code: 0, output: '' });
    expect((await router.exec('exit 7')).code).toBe(7);
    expect(await router.exec('echo out; echo err >&2')).toEqual({ code: 0, output: 'out\nerr' });
  });

  test('a Port on lan sees the router\'s own router advertisements', async () => {
    const { segments, router } = topo();
    const mac = router.nics.find((n) => n.name === 'lan')!.mac;
    const port = await segments.lan.attach('listener');
    // dnsmasq answers a solicitation at once; without one the next periodic RA would do too.
    const ra = port.next((f) => {
      const d = decodeFrame(f.data);
      return d.eth?.src === mac && d.icmp6?.type === 'ra';
    }, { timeout: 20_000 });
    port.send(encodeFrame({ eth: { src: '52:54:00:aa:00:01' }, ipv6: { src: 'fe80::5054:ff:feaa:1', dst: 'ff02::2', hopLimit: 255 }, icmp6: { type: 'rs', options: { sourceLla: '52:54:00:aa:00:01' } } }));
    const seen = decodeFrame((await ra).data);
    const adv = seen.icmp6 as Ra;
    expect(seen.ipv6?.src).toMatch(/^fe80:/);
    expect(adv.options.prefix?.length).toBeGreaterThan(0);
    port.close();
  });

  test('the router answers an ARP request the case forges', async () => {
    const { segments, router } = topo();
    const mac = router.nics.find((n) => n.name === 'lan')!.mac;
    const port = await segments.lan.attach('arp-prober');
    const reply = port.next((f) => {
      const d = decodeFrame(f.data);
      return d.arp?.op === 'reply' && d.arp.senderIp === '192.168.1.1';
    });
    port.send(encodeFrame(arpRequest({ mac: '52:54:00:aa:00:02', ip: '192.168.1.77', target: '192.168.1.1' })));
    const d = decodeFrame((await reply).data);
    expect(d.arp).toMatchObject({ senderMac: mac, targetMac: '52:54:00:aa:00:02', targetIp: '192.168.1.77' });
    port.close();
  });
});
