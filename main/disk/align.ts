/** Block size of every write the generator emits: what O_DIRECT on a drive needs. */
export const BLOCK_SIZE = 4096;
export const MIB = 1024 * 1024;

export function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

export function alignDown(value: number, alignment: number): number {
  return Math.floor(value / alignment) * alignment;
}
