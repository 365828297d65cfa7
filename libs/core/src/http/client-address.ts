import { isIPv4, isIPv6 } from 'node:net';
import type { Request } from 'express';

/**
 * The client's address: express's `req.ip`, which honours TRUST_PROXY (the
 * socket address unless a trusted proxy forwarded the request). Rate limits,
 * audit events and the loopback check of /metrics all read it from here, so
 * no code parses X-Forwarded-For itself. IPv4 clients of a dual-stack socket
 * (::ffff:a.b.c.d) are given as the address people recognise.
 */
export function clientAddress(request: Request): string | null {
  const ip = request.ip ?? request.socket?.remoteAddress ?? null;
  return ip?.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1') ?? null;
}

/** 127.0.0.0/8 and ::1: a caller on this host. */
export function isLoopbackAddress(ip: string | null): boolean {
  if (!ip) return false;
  const address = ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  return address === '::1' || (isIPv4(address) && address.startsWith('127.'));
}

/**
 * A caller on this host talking to us directly: a loopback client address
 * and no forwarding header. A request relayed by a proxy on this host that
 * TRUST_PROXY does not name still carries the header, so it never passes for
 * local (a misconfigured proxy must not make /metrics or health details public).
 */
export function isLocalCaller(request: Request): boolean {
  const forwarded = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return !forwarded && isLoopbackAddress(clientAddress(request));
}

/**
 * An address with its host part hidden, for people who need to see that two
 * events came from the same network but not who the holder is: the last
 * octet of IPv4 (a /24) and the last 80 bits of IPv6 (a /48, one site).
 */
export function maskAddress(ip: string | null): string | null {
  if (!ip) return ip;
  if (isIPv4(ip)) return ip.replace(/\.\d+$/, '.x');
  if (!isIPv6(ip)) return 'masked';
  const groups = expandIPv6(ip).slice(0, 3);
  return `${groups.map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/48`;
}

function expandIPv6(ip: string): string[] {
  const [head, tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups; only the first three groups are kept anyway.
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right];
}
