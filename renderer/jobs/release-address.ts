// The release list's address the owner chose in the install's first step (a mirror, a list of
// their own, a test server), remembered in the renderer's own storage; null means Unraid's list
// (or FLASH_CREATOR_RELEASES, which main applies when it is asked for no address in particular).
const RELEASE_ADDRESS_KEY = 'flash-creator.release-list';

export function rememberedReleaseAddress(): string | null {
  try {
    const stored = localStorage.getItem(RELEASE_ADDRESS_KEY);
    return stored === null || stored === '' ? null : stored;
  } catch {
    return null;
  }
}

export function rememberReleaseAddress(address: string | null): void {
  try {
    if (address === null) localStorage.removeItem(RELEASE_ADDRESS_KEY);
    else localStorage.setItem(RELEASE_ADDRESS_KEY, address);
  } catch {
    // No storage (a locked-down profile): the choice lasts this session.
  }
}
