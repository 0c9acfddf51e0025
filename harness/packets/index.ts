// harness/packets: pure codecs for the frames a router test sees — Ethernet, 802.1Q, ARP, IPv4,
// IPv6 (+ extension headers), ICMP, ICMPv6 with NDP, UDP, TCP, DHCPv4, DHCPv6, PPPoE, PPP — as
// plain typed objects. Start with `decodeFrame`, `encodeFrame`, the builders and `summary`.

export * from './addr.ts';
export { DecodeError, fromHex, toHex, type Init } from './bytes.ts';
export * from './frame.ts';
export * from './build.ts';
export { summary } from './summary.ts';
export { ETHERTYPE, type Ethernet, type EthernetInit, type Vlan } from './ethernet.ts';
export { type Arp, type ArpInit, type ArpOp } from './arp.ts';
export { type Ipv4, type Ipv4Init } from './ipv4.ts';
export { type Ipv6, type Ipv6Init, type Ipv6Ext, type Ipv6Options } from './ipv6.ts';
export { type Echo, type IcmpError, type IcmpRaw, type Icmp4, type Icmp4Init, type Icmp6, type Icmp6Init } from './icmp.ts';
export { type Dnssl, type Na, type Nd, type NdInit, type NdOptions, type NdOptionsInit, type Ns, type Pio, type Preference, type Ra, type Rdnss, type Redirect, type RouteInfo, type Rs } from './ndp.ts';
export { type Udp, type UdpInit } from './udp.ts';
export { tcpFlags, tcpMss, type Tcp, type TcpInit } from './tcp.ts';
export { decodeDhcp4, encodeDhcp4, type Dhcp4, type Dhcp4Init, type Dhcp4Options, type Dhcp4OptionsInit, type Dhcp4Type, type Route4 } from './dhcp4.ts';
export {
  decodeDhcp6,
  encodeDhcp6,
  type Dhcp6,
  type Dhcp6Init,
  type Dhcp6Options,
  type Dhcp6OptionsInit,
  type Dhcp6Type,
  type Duid,
  type DuidInit,
  type Ia,
  type IaAddr,
  type IaPrefix,
  type IaTa,
  type Status,
} from './dhcp6.ts';
export { type Pppoe, type PppoeCode, type PppoeInit, type PppoeTags } from './pppoe.ts';
export { type AuthProtocol, type Chap, type ControlPacket, type IpcpOptions, type Ipv6cpOptions, type LcpOptions, type Pap, type Ppp, type PppData, type PppInit } from './ppp.ts';
export { avpName, decodeL2tp, encodeL2tp, l2tpOf, l2tpSummary, L2TP_MESSAGE, L2TP_PORT, type AvpHeader, type AvpName, type L2tp, type L2tpAvps, type L2tpBits, type L2tpDecoded, type L2tpError, type L2tpInit, type L2tpMessageType, type ProtocolVersion, type ResultCode } from './l2tp.ts';
