// Which proxy a download goes through. The app asks the system (Electron's session.resolveProxy,
// which answers as a PAC result: "PROXY host:port; DIRECT"); the CLI reads HTTPS_PROXY, HTTP_PROXY
// and NO_PROXY as curl does, except that this computer's own addresses are never proxied. Pure:
// both come down to a ProxyResolver, which http-get.ts tunnels through with CONNECT.

/** The proxy for a URL, as "http://[user:password@]host:port", or null to connect directly. */
export type ProxyResolver = (url: string) => Promise<string | null>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The proxy the environment names for `url` (HTTPS_PROXY for https, HTTP_PROXY for http; lower-case names too); null for none or when NO_PROXY covers the host. */
export function proxyFromEnvironment(url: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const target = new URL(url);
  if (LOOPBACK.has(target.hostname) || noProxy(target, env.NO_PROXY ?? env.no_proxy ?? '')) return null;
  const named = target.protocol === 'https:' ? env.HTTPS_PROXY ?? env.https_proxy : env.HTTP_PROXY ?? env.http_proxy;
  const proxy = named ?? env.ALL_PROXY ?? env.all_proxy;
  if (!proxy) return null;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

/** NO_PROXY's rule: comma- or space-separated hosts, each matching itself and its subdomains (a leading dot or *. allowed), with an optional :port; * alone covers all. */
function noProxy(target: URL, list: string): boolean {
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return list.split(/[\s,]+/).filter(Boolean).some((entry) => {
    if (entry === '*') return true;
    const [, host = '', entryPort] = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase()) ?? [];
    if (entryPort !== undefined && entryPort !== port) return false;
    const bare = host.replace(/^\*?\./, '');
    return target.hostname === bare || target.hostname.endsWith(`.${bare}`);
  });
}

/** The first usable proxy of a PAC result ("PROXY a:1; HTTPS b:2; DIRECT"), as a URL; null when DIRECT comes first or none is usable (SOCKS is not). */
export function proxyFromPac(pac: string): string | null {
  for (const entry of pac.split(';').map((part) => part.trim()).filter(Boolean)) {
    const [kind = '', address] = entry.split(/\s+/);
    if (kind.toUpperCase() === 'DIRECT') return null;
    if (address && (kind.toUpperCase() === 'PROXY' || kind.toUpperCase() === 'HTTP')) return `http://${address}`;
    if (address && kind.toUpperCase() === 'HTTPS') return `https://${address}`;
  }
  return null;
}

/** The environment's proxies as a resolver (the CLI's). */
export const environmentProxy: ProxyResolver = (url) => Promise.resolve(proxyFromEnvironment(url));
