// A 総点検 shard in a process of its own, slowed after each committed chunk, so the parent test can kill it
// (SIGKILL) mid-run. Prints "chunk <classified>" after each commit. Args: <population dir> <out dir> <chunk>.
import { checkShard, fileSource } from '../../linkage/check/LinkageCheckFiles.ts';

const [dir, out, chunk] = process.argv.slice(2) as [string, string, string];
const shard = { index: 0, count: 1, key: 'insurer' } as const;
const pause = new Int32Array(new SharedArrayBuffer(4));
await checkShard({
  input: dir,
  outDir: out,
  shard,
  openSource: fileSource(dir, shard),
  chunk: Number(chunk),
  afterChunk: (c) => {
    process.stdout.write(`chunk ${c.classified}\n`);
    Atomics.wait(pause, 0, 0, 40);
  },
});
process.stdout.write('done\n');
