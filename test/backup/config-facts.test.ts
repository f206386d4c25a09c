import { describe, expect, it } from 'vitest';
import { loginUsers, maskedValueCount, parseShellConfig, serverName, sha256FromChecksumFile, wireguardBlanks } from '../../main/backup/config-facts.js';

describe('config files', () => {
  it('reads NAME from ident.cfg with CRLF, quotes, a BOM or none of them', () => {
    expect(serverName('\uFEFFCOMMENT="x"\r\nNAME="My Tower"\r\n')).toBe('My Tower');
    expect(serverName('NAME=Tower\n')).toBe('Tower');
    expect(serverName("NAME='Backup-Box'\n")).toBe('Backup-Box');
    expect(serverName('# NAME="commented"\nCOMMENT="none"\n')).toBeNull();
    expect(serverName('NAME=""\r\n')).toBeNull();
  });

  it('keeps indexed keys as they are written', () => {
    const network = parseShellConfig('IPADDR[0]="192.168.1.20"\r\nUSE_DHCP[0]="no"\r\nSYSNICS="1"\r\n');
    expect([...network]).toEqual([['IPADDR[0]', '192.168.1.20'], ['USE_DHCP[0]', 'no'], ['SYSNICS', '1']]);
  });

  it('lists root and regular users from passwd, not system accounts', () => {
    const passwd = 'root:x:0:0::/root:/bin/bash\r\nbin:x:1:1::/bin:/bin/false\r\nnobody:x:99:100::/:/bin/false\r\n' +
      'alice:x:1000:100::/:/bin/false\r\nbob:x:1001:100::/:/bin/false\r\nnfsnobody:x:65534:65534::/:/bin/false\r\nbroken line\r\n';
    expect(loginUsers(passwd)).toEqual(['root', 'alice', 'bob']);
  });

  it('finds blanked WireGuard keys and counts the peers that need new ones', () => {
    const blanked = '[Interface]\nPrivateKey=\nAddress=10.253.0.1\n\n[Peer]\nPublicKey=\n\n[Peer]\nPublicKey = \n';
    expect(wireguardBlanks(blanked)).toEqual({ interfaceKeyBlank: true, peers: 2, peersWithBlankKeys: 2 });
    const kept = '[Interface]\r\nPrivateKey = aGVsbG8=\r\n[Peer]\r\nPublicKey = d29ybGQ=\r\n[Peer]\r\nAllowedIPs=10.0.0.3\r\n';
    expect(wireguardBlanks(kept)).toEqual({ interfaceKeyBlank: false, peers: 2, peersWithBlankKeys: 1 });
  });

  it('counts masked template values that hold something, never returning them', () => {
    const xml = '<Container><Config Name="A" Mask="true">s3cret</Config><Config Mask="false" Name="B">open</Config>' +
      '<Config Name="C" Mask="true"/><Config Name="D" Mask="true">  </Config><Config Mask="TRUE" Name="E">token</Config></Container>';
    expect(maskedValueCount(xml)).toBe(2);
    expect(maskedValueCount('<Container/>')).toBe(0);
  });

  it('takes the first 64 hex characters of a checksum file in either format', () => {
    const hex = 'ab'.repeat(32);
    expect(sha256FromChecksumFile(`${hex}\n`)).toBe(hex);
    expect(sha256FromChecksumFile(`${hex.toUpperCase()}  bzroot\n`)).toBe(hex);
    expect(sha256FromChecksumFile('not a checksum')).toBeUndefined();
    expect(sha256FromChecksumFile(hex.slice(0, 60))).toBeUndefined();
  });
});
