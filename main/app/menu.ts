// The application menu: opening a backup (Ctrl/Cmd+O), the log file, and the standard edit and
// view roles, so copy, paste and zoom work with the keyboard as people expect.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  readonly openBackup: () => void;
  readonly openLog: () => void;
}

export function appMenu(actions: MenuActions): Menu {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Backup…', accelerator: 'CmdOrCtrl+O', click: actions.openBackup },
        { label: 'Open Log File', click: actions.openLog },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
