// Electron's entry point (package.json "main", built to dist/main/app/main.js). The same binary is
// two programs: the desktop app, and, started elevated with WRITER_ARGUMENT (main/writer/client.ts
// builds that command), the privileged writer. Nothing else is loaded before that choice, so the
// writer gets no window, no single-instance lock, no sandbox switch, no log file and no IPC: its
// module takes the job it is sent and exits (process.exit) when the job is done. Awaited, so
// Electron's ready event waits for the module the process is (docs: ESM in the main process).
import { writerRequested } from '../writer/entry-argument.js';

if (writerRequested(process.argv)) await import('../writer/main.js');
else await import('./desktop.js');
