// Mac USB identities from a recorded `ioreg -r -c IOUSBHostDevice -l -w 0` listing (no macOS host
// here). The fixture follows ioreg's layout: "+-o name@location  <class ..., id ..., ...>" headers
// nested two columns a level, each object's properties between "{" and "}" with "| " continuation
// marks, numbers in decimal. Property names and the mass-storage chain down to IOMedia ("BSD Name" =
// "disk4") follow public ioreg captures in other projects' parser tests, and unraid/usb-creator-next's
// darwin list.mm, which reads the serial, idVendor and idProduct from the IOUSBHostDevice above a
// disk. ioreg -r prints a device behind a hub twice: in the hub's subtree and on its own.
import { describe, expect, it } from 'vitest';
import { guidOf } from '../../main/drives/guid.js';
import { parseIoregTree, usbLookupForDisk } from '../../main/drives/guid/darwin.js';
import { recorded } from '../fixtures/drives/recorded.js';

const nodes = parseIoregTree(recorded('macos-ioreg-usb.txt'));

describe('usbLookupForDisk on recorded ioreg output (no macOS host here)', () => {
  it('reads the GUID of a SanDisk Ultra Fit from the IOUSBHostDevice above disk4', () => {
    const lookup = usbLookupForDisk(nodes, 'disk4');
    expect(lookup).toEqual({ kind: 'usb', identity: { vendorId: 0x0781, productId: 0x5583, serial: '4C530001230101117405' } });
    expect(guidOf(lookup).guid).toBe('0781-5583-0001-230101117405');
  });

  it('takes the nearest USB device of a stick behind a hub, not the hub', () => {
    expect(guidOf(usbLookupForDisk(nodes, 'disk6')).guid).toBe('0951-1666-AE22-EEA0797900E5');
  });

  it('finds no serial on a stick without one (no "USB Serial Number" property)', () => {
    expect(usbLookupForDisk(nodes, 'disk5')).toEqual({ kind: 'usb', identity: { vendorId: 0x058f, productId: 0x6387, serial: null } });
  });

  it('matches BSD names exactly: disk4s1 is a partition of disk4, and disk0 is not under any USB device', () => {
    expect(guidOf(usbLookupForDisk(nodes, 'disk4s1')).guid).toBe('0781-5583-0001-230101117405');
    expect(usbLookupForDisk(nodes, 'disk0')).toEqual({ kind: 'not-usb' });
    expect(usbLookupForDisk(nodes, 'disk')).toEqual({ kind: 'not-usb' });
  });

  it('reads the tree: classes, parents and typed properties', () => {
    const media = nodes.find((node) => node.properties.get('BSD Name') === 'disk4');
    expect(media?.className).toBe('IOMedia');
    expect(media?.properties.get('Size')).toBe(61530439680);
    expect(media?.parent?.className).toBe('IOBlockStorageDriver');
    const devices = nodes.filter((node) => node.className === 'IOUSBHostDevice');
    expect(devices.map((device) => device.properties.get('USB Product Name'))).toEqual([
      'Mass Storage',
      'Ultra Fit',
      'USB3.0 Hub',
      'DataTraveler 3.0',
      'DataTraveler 3.0',
      'Apple Internal Keyboard / Trackpad',
    ]);
  });

  it('says so when the USB device above a disk has no ids', () => {
    const listing = recorded('macos-ioreg-usb.txt').replace('"idVendor" = 1921', '"idVendor" = <0781>');
    expect(usbLookupForDisk(parseIoregTree(listing), 'disk4')).toEqual({
      kind: 'unreadable',
      reason: 'ioreg shows no vendor and product id for the USB device of disk4',
    });
  });

  it('finds nothing in empty or unrelated output', () => {
    expect(usbLookupForDisk(parseIoregTree(''), 'disk4')).toEqual({ kind: 'not-usb' });
    expect(usbLookupForDisk(parseIoregTree('ioreg: no such class\n"BSD Name" = "disk4"\n'), 'disk4')).toEqual({ kind: 'not-usb' });
  });
});
