// The three browser-side bundles, one `vite build --mode <name>` each:
//   (default)       the renderer: the React wizard, into dist/renderer/ (loaded by Electron and the harness);
//   preload         Electron's preload bridge as one CommonJS file (sandboxed preloads cannot load modules);
//   harness-bridge  the harness's bridge for the browser, one classic script the harness page loads first.
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

/** Chromium of Electron 41, and the Debian Chromium the tests drive. */
const TARGET = 'chrome120';

function singleFile(entry: string, outDir: string, format: 'cjs' | 'iife', fileName: string): UserConfig {
  return {
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      target: TARGET,
      minify: false,
      sourcemap: true,
      lib: { entry, formats: [format], name: 'flashCreatorBridge', fileName: () => fileName },
      rolldownOptions: { external: ['electron'] },
    },
  };
}

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'preload') return singleFile('main/app/preload.ts', 'dist/preload', 'cjs', 'preload.cjs');
  if (mode === 'harness-bridge') return singleFile('renderer/bridge/harness-bridge.ts', 'dist/harness-bridge', 'iife', 'bridge.js');
  return {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: { outDir: '../dist/renderer', emptyOutDir: true, target: TARGET, sourcemap: true },
  };
});
