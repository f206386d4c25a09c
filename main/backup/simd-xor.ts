// XOR of two byte runs, 16 bytes an instruction: the keystream step of AES-CTR (winzip-aes.ts).
// JavaScript XORs four bytes at a time at best (a Uint32Array loop: 500 MiB in 0.28 s on an idle
// core, 1.1 s on a busy one; BigUint64Array 0.36 s busy), while WebAssembly's 128-bit SIMD XOR,
// the bytes copied in and out of its memory included, takes 0.12 s busy. The module is one small
// function, written out below in WebAssembly's text format beside its bytes, one instruction a line.
//
//   (module
//     (memory (export "memory") 1)
//     (func (export "xor") (param $a i32) (param $b i32) (param $length i32)   ;; a[i] ^= b[i], i < length
//       (local $end i32)
//       (local.set $end (i32.add (local.get $a) (local.get $length)))
//       (loop $block
//         (v128.store (local.get $a) (v128.xor (v128.load (local.get $a)) (v128.load (local.get $b))))
//         (local.set $b (i32.add (local.get $b) (i32.const 16)))
//         (br_if $block (i32.lt_u (local.tee $a (i32.add (local.get $a) (i32.const 16))) (local.get $end))))))
//
// `length` must be a positive multiple of 16; the caller rounds up and copies back only its bytes.

/** The bytes XORed per call: two runs of this size fill the module's one 64 KiB page. */
const SLICE = 32 * 1024;
const LANE = 16;

const FUNCTION_BODY = [
  0x01, 0x01, 0x7f, //                   one local: $end (i32)
  0x20, 0x00, 0x20, 0x02, 0x6a, 0x21, 0x03, // $end = $a + $length
  0x03, 0x40, //                         loop $block
  0x20, 0x00, //                           local.get $a           (where the result goes)
  0x20, 0x00, 0xfd, 0x00, 0x04, 0x00, //    v128.load $a
  0x20, 0x01, 0xfd, 0x00, 0x04, 0x00, //    v128.load $b
  0xfd, 0x51, //                           v128.xor
  0xfd, 0x0b, 0x04, 0x00, //               v128.store
  0x20, 0x01, 0x41, 0x10, 0x6a, 0x21, 0x01, // $b += 16
  0x20, 0x00, 0x41, 0x10, 0x6a, 0x22, 0x00, // $a += 16 (and keep it)
  0x20, 0x03, 0x49, 0x0d, 0x00, //          br_if $block ($a < $end)
  0x0b, //                               end loop
  0x0b, //                             end function
];

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x07, 0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x00, // type section: (i32, i32, i32) → ()
  0x03, 0x02, 0x01, 0x00, // function section: one function, of that type
  0x05, 0x03, 0x01, 0x00, 0x01, // memory section: one memory, at least one page
  0x07, 0x10, 0x02, // export section, two exports:
  0x03, 0x78, 0x6f, 0x72, 0x00, 0x00, //   "xor", function 0
  0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, //   "memory", memory 0
  0x0a, FUNCTION_BODY.length + 2, 0x01, FUNCTION_BODY.length, ...FUNCTION_BODY, // code section
]);

/** What this module uses of the WebAssembly API (TypeScript declares it only in the DOM's library). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: { readonly xor: (a: number, b: number, length: number) => void; readonly memory: { readonly buffer: ArrayBuffer } } };
}
const { Instance, Module } = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
const { exports } = new Instance(new Module(MODULE));
const xor = exports.xor;
const memory = new Uint8Array(exports.memory.buffer);

/** target[i] ^= source[i] for every byte of source (target is at least as long). */
export function xorInto(target: Uint8Array, source: Uint8Array): void {
  for (let done = 0; done < source.length; done += SLICE) {
    const length = Math.min(SLICE, source.length - done);
    memory.set(target.subarray(done, done + length), 0);
    memory.set(source.subarray(done, done + length), SLICE);
    xor(0, SLICE, Math.ceil(length / LANE) * LANE);
    target.set(memory.subarray(0, length), done);
  }
}
