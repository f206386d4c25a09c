// The GUID formula, as the official creators compute it (unraid/usb-creator deviceenumerator_windows.cpp
// and _macos.cpp, unraid/usb-creator-next unraidguidvalidator.cpp: serial rightJustified(16, '0')
// .right(16), the whole GUID toUpper()), with serials cleaned as udev's ID_SERIAL_SHORT is (systemd
// udev_replace_whitespace and udev_replace_chars), since Unraid reads its own GUID through udev.
import { describe, expect, it } from 'vitest';
import { flashGuid, guidOf, NO_SERIAL_REASON, NOT_USB_REASON, serialAsUdevSeesIt, usbLookupFromHex } from '../../main/drives/guid.js';
import { formatMessage } from '../../shared/message.js';

describe('flashGuid', () => {
  it('keeps the right-most 16 characters of a longer serial (a SanDisk serial has 20)', () => {
    expect(flashGuid({ vendorId: 0x0781, productId: 0x5583, serial: '4C530001230101117405' }).guid).toBe('0781-5583-0001-230101117405');
  });

  it('left-pads a shorter serial with zeros to 16', () => {
    expect(flashGuid({ vendorId: 0x058f, productId: 0x6387, serial: '4A9C1D6F' }).guid).toBe('058F-6387-0000-00004A9C1D6F');
  });

  it('takes a 16-character serial as it is', () => {
    expect(flashGuid({ vendorId: 0x154b, productId: 0x1006, serial: '0700146EA0AD5C57' }).guid).toBe('154B-1006-0700-146EA0AD5C57');
  });

  it('upper-cases ids and serial, and keeps letters that are not hex, as the official creators do', () => {
    expect(flashGuid({ vendorId: 0xabcd, productId: 0x00ef, serial: 'ab12cd34ef56ab78' }).guid).toBe('ABCD-00EF-AB12-CD34EF56AB78');
    expect(flashGuid({ vendorId: 0x04e8, productId: 0x61fb, serial: 'S6NPNS0T704117T' }).guid).toBe('04E8-61FB-0S6N-PNS0T704117T');
  });

  it('has no GUID, and says why, for a device without a serial number', () => {
    for (const serial of [null, '', '   \n']) {
      expect(flashGuid({ vendorId: 0x058f, productId: 0x6387, serial })).toEqual({ guid: null, noGuidReason: NO_SERIAL_REASON });
    }
    expect(formatMessage(NO_SERIAL_REASON)).toBe('no USB serial number: Unraid cannot license this drive');
  });

  it('cleans an odd serial as udev does before padding', () => {
    expect(flashGuid({ vendorId: 0x090c, productId: 0x1000, serial: '  7F3A 22\tB1/9  ' }).guid).toBe('090C-1000-0000-7F3A_22_B1_9');
  });

  it('refuses ids that are not 16-bit numbers', () => {
    expect(formatMessage(flashGuid({ vendorId: 0x10000, productId: 1, serial: 'ABC' }).noGuidReason!)).toMatch(/vendor or product id/u);
    expect(flashGuid({ vendorId: 1, productId: -1, serial: 'ABC' }).guid).toBeNull();
  });
});

describe('serialAsUdevSeesIt', () => {
  it('trims, joins inner whitespace with one underscore and replaces what udev does not allow', () => {
    expect(serialAsUdevSeesIt(' \tAB  CD\n')).toBe('AB_CD');
    expect(serialAsUdevSeesIt('a/b"c*d,e')).toBe('a_b_c_d_e');
    expect(serialAsUdevSeesIt('#+-.:=@_')).toBe('#+-.:=@_');
  });

  it('keeps valid UTF-8 and \\x escapes, as udev_replace_chars does, and replaces a lone backslash', () => {
    expect(serialAsUdevSeesIt('é\u00a0\\x20')).toBe('é\u00a0\\x20');
    expect(serialAsUdevSeesIt('a\\b')).toBe('a_b');
  });
});

describe('usbLookupFromHex and guidOf', () => {
  it('reads hex ids with or without 0x, and names the source of ids that are not hex', () => {
    expect(usbLookupFromHex('0x0781', '5583', null, 'udev')).toEqual({ kind: 'usb', identity: { vendorId: 0x781, productId: 0x5583, serial: null } });
    expect(usbLookupFromHex('zz', '5583', null, 'udev')).toEqual({ kind: 'unreadable', reason: 'udev gives USB ids that are not hex: zz:5583' });
  });

  it('says why a drive that is not USB, or whose USB tree could not be read, has no GUID', () => {
    expect(guidOf({ kind: 'not-usb' })).toEqual({ guid: null, noGuidReason: NOT_USB_REASON });
    expect(formatMessage(guidOf({ kind: 'unreadable', reason: 'ioreg is not installed' }).noGuidReason!)).toBe(
      'its USB serial number could not be read (ioreg is not installed)',
    );
  });
});
