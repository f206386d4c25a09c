// Unraid's release list, read as the official creator's format and refused whole, with one sentence,
// when it breaks a rule: not JSON, too large, wrong types, an entry without url, a url that is not https.
import { describe, expect, it } from 'vitest';
import { findRelease, FeedError, isAllowedUrl, MAX_FEED_BYTES, parseFeed } from '../../main/releases/feed.js';
import { formatMessage } from '../../shared/message.js';

const HASH = 'a'.repeat(64);
const ADDRESS = 'https://releases.unraid.net/usb-creator';

function entry(version: string, more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `Unraid ${version}`,
    url: `https://releases.unraid.net/dl/stable/${version}/${'f'.repeat(64)}/unRAIDServer-${version}-x86_64.zip?utm_source=usb-creator`,
    release_date: '2026-11-02', website: `https://docs.unraid.net/unraid-os/release-notes/${version}/`,
    image_download_size: 1_150_000_000, extract_size: 1_190_000_000, extract_sha256: HASH.toUpperCase(),
    icon: 'https://releases.unraid.net/icon.png', init_format: 'UNRAID', contains_multiple_files: true, devices: [],
    ...more,
  };
}

const FEED = {
  imager: { latest_version: '1.0.0', url: 'https://unraid.net' },
  os_list: [
    entry('7.3.2'),
    entry('7.2.4', { extract_sha256: undefined }),
    { name: 'Unraid Next', description: 'Betas and release candidates', subitems: [entry('7.4.0-beta.1'), entry('7.4.0-rc.1')] },
  ],
};

function reason(text: string): string {
  try {
    parseFeed(text, ADDRESS);
  } catch (error) {
    if (error instanceof FeedError) return formatMessage(error.reason);
    throw error;
  }
  throw new Error('the feed was accepted');
}

describe('the release list', () => {
  it('gives the stable releases first, in the feed’s order, then the Next ones marked as such', () => {
    const releases = parseFeed(JSON.stringify(FEED), ADDRESS);
    expect(releases.map((r) => [r.version, r.next, r.sha256])).toEqual([
      ['7.3.2', false, HASH], ['7.2.4', false, null], ['7.4.0-beta.1', true, HASH], ['7.4.0-rc.1', true, HASH],
    ]);
    expect(releases[0]).toMatchObject({
      name: 'Unraid 7.3.2', fileName: 'unRAIDServer-7.3.2-x86_64.zip', releaseDate: '2026-11-02', downloadBytes: 1_150_000_000, extractBytes: 1_190_000_000,
      website: 'https://docs.unraid.net/unraid-os/release-notes/7.3.2/',
    });
    expect(findRelease(releases, 'latest')?.version).toBe('7.3.2');
    expect(findRelease(releases, '7.4.0-rc.1')?.next).toBe(true);
    expect(findRelease(releases, 'v7.2.4')?.version).toBe('7.2.4');
    expect(findRelease(releases, '6.12.0')).toBeUndefined();
  });

  it('takes the version from the zip’s name when the entry’s name has none, and a loopback http address for tests', () => {
    const feed = { os_list: [entry('7.1.0', { name: 'Unraid OS (stable)', url: 'http://127.0.0.1:8080/unRAIDServer-7.1.0-x86_64.zip' })] };
    expect(parseFeed(JSON.stringify(feed), ADDRESS)[0]).toMatchObject({ version: '7.1.0', url: 'http://127.0.0.1:8080/unRAIDServer-7.1.0-x86_64.zip' });
  });

  it('refuses a feed that is not JSON, or too large, before reading any of it', () => {
    expect(reason('<html>Service unavailable</html>')).toBe(`The release list from ${ADDRESS} is not JSON, so it cannot be read.`);
    expect(reason('')).toContain('is not JSON');
    expect(reason(JSON.stringify({ os_list: [], pad: 'x'.repeat(MAX_FEED_BYTES) }))).toBe(`The release list from ${ADDRESS} is larger than 4.2 MB: it is not Unraid’s list.`);
  });

  it('refuses wrong types, naming the field', () => {
    const cases: [unknown, string][] = [
      [[], 'os_list'], [null, 'os_list'], [{ os_list: {} }, 'os_list'], [{ os_list: ['x'] }, 'os_list[0]'],
      [{ os_list: [entry('7.3.2', { name: 7 })] }, 'os_list[0].name'],
      [{ os_list: [entry('7.3.2', { image_download_size: '1 GB' })] }, 'os_list[0].image_download_size'],
      [{ os_list: [entry('7.3.2', { extract_size: -1 })] }, 'os_list[0].extract_size'],
      [{ os_list: [entry('7.3.2', { extract_sha256: 'abc' })] }, 'os_list[0].extract_sha256'],
      [{ os_list: [entry('7.3.2', { release_date: 20261102 })] }, 'os_list[0].release_date'],
      [{ os_list: [entry('7.3.2', { url: undefined })] }, 'os_list[0].url'],
      [{ os_list: [entry('7.3.2', { url: 'https://example.com/evil.exe' })] }, 'os_list[0].url'],
      [{ os_list: [{ name: 'Next', subitems: 'none' }] }, 'os_list[0].subitems'],
      [{ os_list: [{ name: 'Next', subitems: [{ name: 'deeper', subitems: [] }] }] }, 'os_list[0].subitems[0]'],
      [{ os_list: [{ name: 'Next', subitems: [entry('7.4.0-rc.1', { url: undefined })] }] }, 'os_list[0].subitems[0].url'],
    ];
    for (const [feed, field] of cases) {
      expect(reason(JSON.stringify(feed))).toBe(`The release list from ${ADDRESS} cannot be used: ${field} is missing or not of the right kind.`);
    }
  });

  it('refuses a url that is not https, except http to this computer', () => {
    for (const url of ['http://releases.unraid.net/a.zip', 'ftp://releases.unraid.net/a.zip', 'file:///etc/passwd', 'https://user:pw@releases.unraid.net/a.zip', 'not a url']) {
      expect(reason(JSON.stringify({ os_list: [entry('7.3.2', { url })] }))).toBe(`The release list from ${ADDRESS} cannot be used: os_list[0].url is ${url}, which is not an https address.`);
    }
    expect(['http://localhost:1/a.zip', 'http://[::1]:1/a.zip', 'https://x/a.zip'].every(isAllowedUrl)).toBe(true);
    expect(isAllowedUrl('http://127.0.0.2/a.zip')).toBe(false);
  });
});
