// The folders and files of the restore list as a tree, with FAT's rules applied: every name valid,
// no two names in a folder equal without regard to case, parents created when only implied.
import type { ArchiveEntry } from '../backup/archive.js';
import { fatNameKey, fatNameProblem } from '../backup/fat-names.js';
import type { RestoreItem } from '../backup/restore-item.js';
import { fatPathKey } from '../backup/restore-plan.js';
import { ATTRIBUTE_ARCHIVE } from './fat32/directory-entries.js';
import type { GeneratedFile } from './layout.js';
import { LayoutError } from './layout-error.js';
import { message } from '../../shared/message.js';

/** The largest file FAT32 can hold. */
export const MAX_FILE_BYTES = 0xffff_ffff;

interface NodeBase {
  readonly name: string;
  readonly path: string;
  readonly dosDate: number;
  readonly dosTime: number;
}

export interface FileNode extends NodeBase {
  readonly kind: 'file';
  readonly size: number;
  readonly attributes: number;
  /** Where the bytes come from; undefined for an empty file. */
  readonly source: { readonly entry: ArchiveEntry } | { readonly generated: GeneratedFile } | undefined;
}

export interface DirectoryNode extends NodeBase {
  readonly kind: 'directory';
  /** In the order they were listed. */
  readonly children: TreeNode[];
}

export type TreeNode = FileNode | DirectoryNode;

export interface Tree {
  readonly root: DirectoryNode;
  /** Every file, in the order listed: the zip's files, then the generated ones. */
  readonly files: readonly FileNode[];
}

/** The tree for `items`, with `generated` files replacing any zip file of the same path. */
export function buildTree(items: readonly RestoreItem[], generated: readonly GeneratedFile[] = []): Tree {
  const tree = new TreeBuilder();
  const replaced = new Set(generated.map((file) => fatPathKey(file.path)));
  for (const item of items) {
    if (item.kind === 'file' && replaced.has(fatPathKey(item.path))) continue;
    if (item.kind === 'directory') tree.addDirectory(item.path, item);
    else tree.addFile(item.path, item, { attributes: ATTRIBUTE_ARCHIVE, source: zipSource(item) });
  }
  for (const file of generated) tree.addFile(file.path, file, { attributes: file.attributes, source: { generated: file } });
  return { root: tree.root, files: tree.files };
}

function zipSource(item: RestoreItem): FileNode['source'] {
  if (item.entry) return { entry: item.entry };
  if (item.size === 0) return undefined;
  throw new RangeError(`${item.path} has ${item.size} bytes but no zip entry to take them from.`);
}

/** Every directory of the tree, the root first, each before its subdirectories. */
export function directoriesOf(root: DirectoryNode): DirectoryNode[] {
  const directories = [root];
  for (let i = 0; i < directories.length; i++) {
    for (const child of directories[i]!.children) if (child.kind === 'directory') directories.push(child);
  }
  return directories;
}

class TreeBuilder {
  readonly root: DirectoryNode = { kind: 'directory', name: '', path: '', dosDate: 0, dosTime: 0, children: [] };
  readonly files: FileNode[] = [];
  private readonly byKey = new Map<DirectoryNode, Map<string, TreeNode>>([[this.root, new Map()]]);

  addDirectory(path: string, stamp: Stamp): void {
    const { parent, name } = this.parentOf(path, stamp);
    const existing = this.byKey.get(parent)?.get(fatNameKey(name));
    // A folder listed twice, or after a file inside it made it implied, is the same folder.
    if (existing?.kind === 'directory' && existing.path === path) return;
    this.add(parent, { kind: 'directory', name, path, dosDate: stamp.dosDate, dosTime: stamp.dosTime, children: [] });
  }

  addFile(path: string, stamp: Stamp & { size: number }, details: Pick<FileNode, 'attributes' | 'source'>): void {
    if (stamp.size > MAX_FILE_BYTES) {
      throw new LayoutError('file-too-large', message('layout.file-too-large', { path, size: String(stamp.size) }), path);
    }
    const { parent, name } = this.parentOf(path, stamp);
    this.add(parent, { kind: 'file', name, path, size: stamp.size, dosDate: stamp.dosDate, dosTime: stamp.dosTime, ...details });
  }

  /** The directory that holds `path`, created with the child's date where the list only implies it. */
  private parentOf(path: string, stamp: Stamp): { parent: DirectoryNode; name: string } {
    const components = path.split('/');
    components.forEach((component) => {
      const problem = fatNameProblem(component);
      if (problem) throw new LayoutError('bad-name', message('layout.bad-name', { path, problem }), path);
    });
    let parent = this.root;
    for (const name of components.slice(0, -1)) {
      const existing = this.byKey.get(parent)?.get(fatNameKey(name));
      if (existing?.kind === 'file') {
        throw new LayoutError('not-a-directory', message('layout.inside-a-file', { path, file: existing.path }), path);
      }
      if (existing) {
        parent = existing;
        continue;
      }
      const implied: DirectoryNode = {
        kind: 'directory', name, path: parent.path ? `${parent.path}/${name}` : name, dosDate: stamp.dosDate, dosTime: stamp.dosTime, children: [],
      };
      this.add(parent, implied);
      parent = implied;
    }
    return { parent, name: components.at(-1)! };
  }

  private add(parent: DirectoryNode, node: TreeNode): void {
    const siblings = this.byKey.get(parent)!;
    const key = fatNameKey(node.name);
    const clash = siblings.get(key);
    if (clash) {
      const reason = clash.path === node.path ? message('layout.listed-twice', { path: node.path }) : message('layout.same-on-fat', { path: node.path, other: clash.path });
      throw new LayoutError('name-clash', reason, node.path);
    }
    siblings.set(key, node);
    parent.children.push(node);
    if (node.kind === 'directory') this.byKey.set(node, new Map());
    else this.files.push(node);
  }
}

interface Stamp {
  readonly dosDate: number;
  readonly dosTime: number;
}
