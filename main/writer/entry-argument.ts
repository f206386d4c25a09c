// The argument that makes the desktop app's own binary the privileged writer. Elevation cannot be
// trusted to carry environment variables (UAC drops them all, and ELECTRON_RUN_AS_NODE is better
// left unneeded so Electron's RunAsNode fuse can be turned off), so the elevated process is told on
// its command line. The app's entry point (main/app/main.ts) looks for it before anything else.
// Pure: no Node, no Electron.

/** Placed right after the app's binary (or, unpackaged, after Electron's app folder). */
export const WRITER_ARGUMENT = '--flash-creator-writer';

/** True when the process was started as the writer: the argument among its own (not argv[0]). */
export function writerRequested(argv: readonly string[]): boolean {
  return argv.slice(1).includes(WRITER_ARGUMENT);
}
