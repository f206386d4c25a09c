// Facts read from the text of the backup's config files. Pure parsing: the caller reads the files.
// Values that are secrets (keys, passwords) are never returned, only whether they are there.

/** Shell-style `KEY="value"` lines, CRLF or LF, quotes optional; comments and other lines ignored. */
export function parseShellConfig(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][\w[\]]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S*))/.exec(line);
    if (match?.[1]) values.set(match[1], match[2] ?? match[3] ?? match[4] ?? '');
  }
  return values;
}

/** NAME from config/ident.cfg. */
export function serverName(identCfg: string): string | null {
  return parseShellConfig(identCfg.replace(/^\uFEFF/, '')).get('NAME') || null;
}

/** The people who log in: root and regular users (uid 1000 and up, below nobody's 65534). */
export function loginUsers(passwd: string): string[] {
  const users: string[] = [];
  for (const line of passwd.split(/\r?\n/)) {
    const [name, , uidText] = line.split(':');
    const uid = Number(uidText);
    if (name && uidText && Number.isInteger(uid) && (uid === 0 || (uid >= 1000 && uid < 65534))) users.push(name);
  }
  return users;
}

/** What a WireGuard config needs redone: its own key blank, and how many peers have a blank key. */
export interface WireguardBlanks {
  readonly interfaceKeyBlank: boolean;
  readonly peers: number;
  readonly peersWithBlankKeys: number;
}

/** Reads an INI-style wg*.conf: [Interface] PrivateKey, [Peer] PublicKey; a missing key counts as blank. */
export function wireguardBlanks(conf: string): WireguardBlanks {
  let section = '';
  let interfaceKeyBlank = true;
  const peerKeys: boolean[] = [];
  for (const line of conf.split(/\r?\n/)) {
    const header = /^\s*\[(\w+)\]/.exec(line);
    if (header?.[1]) {
      section = header[1].toLowerCase();
      if (section === 'peer') peerKeys.push(false);
      continue;
    }
    const setting = /^\s*(\w+)\s*=\s*(\S*)/.exec(line);
    if (!setting?.[1] || !setting[2]) continue;
    const key = setting[1].toLowerCase();
    if (section === 'interface' && key === 'privatekey') interfaceKeyBlank = false;
    if (section === 'peer' && key === 'publickey') peerKeys[peerKeys.length - 1] = true;
  }
  return { interfaceKeyBlank, peers: peerKeys.length, peersWithBlankKeys: peerKeys.filter((hasKey) => !hasKey).length };
}

/** How many non-empty values a container template marks Mask="true" (passwords, tokens). */
export function maskedValueCount(templateXml: string): number {
  let count = 0;
  for (const match of templateXml.matchAll(/<Config\b([^>]*?)(?:\/>|>([^<]*)<\/Config>)/g)) {
    const attributes = match[1] ?? '';
    if (/\bMask\s*=\s*"true"/i.test(attributes) && (match[2] ?? '').trim() !== '') count++;
  }
  return count;
}

/** The first 64 characters of a bz*.sha256 file as lower-case hex, or undefined if they are not hex. */
export function sha256FromChecksumFile(text: string): string | undefined {
  const hex = text.slice(0, 64);
  return /^[0-9a-fA-F]{64}$/.test(hex) ? hex.toLowerCase() : undefined;
}

/**
 * The networks config/wireless.cfg keeps a password for: one INI section per SSID, its PASSWORD
 * encrypted (emhttp/plugins/dynamix/include/Wireless.php in unraid/webgui 7.x). Values stay unread.
 */
export function wifiNetworksWithPassword(wirelessCfg: string): string[] {
  const networks: string[] = [];
  let section: string | undefined;
  for (const line of wirelessCfg.split(/\r?\n/)) {
    const header = /^\s*\[(.+)\]\s*$/.exec(line);
    if (header?.[1]) {
      section = header[1];
      continue;
    }
    const password = /^\s*PASSWORD\s*=\s*"?([^"\s]*)/.exec(line);
    if (section !== undefined && password?.[1] && !networks.includes(section)) networks.push(section);
  }
  return networks;
}
