// Which proxy a download takes: the environment's for the CLI (HTTPS_PROXY, HTTP_PROXY, NO_PROXY as
// curl reads them; this computer's own addresses never proxied), the system's PAC answer for the app.
import { describe, expect, it } from 'vitest';
import { proxyFromEnvironment, proxyFromPac } from '../../main/releases/proxy.js';

describe('proxyFromEnvironment', () => {
  it('takes HTTPS_PROXY for https and HTTP_PROXY for http, lower-case names too, with a scheme added when missing', () => {
    expect(proxyFromEnvironment('https://releases.unraid.net/usb-creator', { HTTPS_PROXY: 'http://proxy.lan:3128' })).toBe('http://proxy.lan:3128');
    expect(proxyFromEnvironment('https://releases.unraid.net/usb-creator', { https_proxy: 'proxy.lan:3128' })).toBe('http://proxy.lan:3128');
    expect(proxyFromEnvironment('https://releases.unraid.net/usb-creator', { HTTP_PROXY: 'http://proxy.lan:3128' })).toBeNull();
    expect(proxyFromEnvironment('http://mirror.example/x.zip', { HTTP_PROXY: 'http://user:pw@proxy.lan:8080' })).toBe('http://user:pw@proxy.lan:8080');
    expect(proxyFromEnvironment('https://a.example/', { ALL_PROXY: 'http://all.lan:1' })).toBe('http://all.lan:1');
    expect(proxyFromEnvironment('https://a.example/', {})).toBeNull();
  });

  it('leaves out what NO_PROXY names (hosts and their subdomains, a port, *) and this computer', () => {
    const env = { HTTPS_PROXY: 'http://proxy.lan:3128', NO_PROXY: 'internal.example, .corp.example,mirror.example:8443' };
    expect(proxyFromEnvironment('https://internal.example/feed', env)).toBeNull();
    expect(proxyFromEnvironment('https://dl.internal.example/feed', env)).toBeNull();
    expect(proxyFromEnvironment('https://corp.example/feed', env)).toBeNull();
    expect(proxyFromEnvironment('https://notinternal.example/feed', env)).toBe('http://proxy.lan:3128');
    expect(proxyFromEnvironment('https://mirror.example:8443/x', env)).toBeNull();
    expect(proxyFromEnvironment('https://mirror.example/x', env)).toBe('http://proxy.lan:3128');
    expect(proxyFromEnvironment('https://any.example/x', { ...env, NO_PROXY: '*' })).toBeNull();
    expect(proxyFromEnvironment('http://127.0.0.1:8080/feed', { HTTP_PROXY: 'http://proxy.lan:3128' })).toBeNull();
    expect(proxyFromEnvironment('http://localhost:8080/feed', { HTTP_PROXY: 'http://proxy.lan:3128' })).toBeNull();
  });
});

describe('proxyFromPac', () => {
  it('takes the first PROXY or HTTPS entry, and none when DIRECT comes first or only SOCKS is offered', () => {
    expect(proxyFromPac('PROXY proxy.lan:3128; DIRECT')).toBe('http://proxy.lan:3128');
    expect(proxyFromPac('HTTPS secure.lan:443')).toBe('https://secure.lan:443');
    expect(proxyFromPac('DIRECT')).toBeNull();
    expect(proxyFromPac('')).toBeNull();
    expect(proxyFromPac('SOCKS5 socks.lan:1080; PROXY proxy.lan:8080')).toBe('http://proxy.lan:8080');
    expect(proxyFromPac('SOCKS5 socks.lan:1080')).toBeNull();
  });
});
